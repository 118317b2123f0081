using ContactCenter.Data;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>
/// The schedules written at start-up, on a job storage of its own per test: an instance starts while another (killed
/// while it held it, say) still holds the lock of a recurring job, and writes that schedule once the lock is free.
/// </summary>
public sealed class RecurringJobRegistrationShould
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task StartWhileTheLockOfAScheduleIsHeldAndWriteItWhenTheLockIsFree(DatabaseProvider provider)
    {
        await using var database = TestDatabase.Create(provider, "cc_jobs");
        var storage = JobStorages.Create(await SettingsAsync(database));
        var first = new RecurringJobDefinition("tests:first", typeof(CountingJob), "*/5 * * * *", RunAtStart: true, MisfireHandlingMode.Relaxed);
        var held = new RecurringJobDefinition("tests:held", typeof(CountingJob), "0 3 * * *", RunAtStart: false, MisfireHandlingMode.Relaxed);
        var after = new RecurringJobDefinition("tests:after", typeof(CountingJob), "0 4 * * *", RunAtStart: false, MisfireHandlingMode.Relaxed);
        using var registration = Registration(storage, first, held, after);

        using (var lockHolder = storage.GetConnection())
        using (lockHolder.AcquireDistributedLock($"lock:recurring-job:{held.Id}", TimeSpan.FromSeconds(5)))
        {
            await registration.StartAsync(TestContext.Current.CancellationToken);

            Assert.Equal([first.Id], Schedules(storage).Keys);
        }

        var written = await Poll.UntilAsync(() => Task.FromResult(Schedules(storage)), schedules => schedules.Count == 3, "the schedules behind the lock");
        await registration.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(held.Cron, written[held.Id]);
        Assert.Equal(after.Cron, written[after.Id]);
        Assert.Equal(1, storage.GetMonitoringApi().EnqueuedCount("default"));
    }

    [Fact]
    public async Task StopWithoutAnErrorWhenItsServicesWereDisposedFirst()
    {
        // A web application's own run loop disposes the services once it stops, while a test host may still be stopping them.
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite, "cc_jobs");
        var storage = JobStorages.Create(await SettingsAsync(database));
        var definition = new RecurringJobDefinition("tests:only", typeof(CountingJob), "*/5 * * * *", RunAtStart: false, MisfireHandlingMode.Relaxed);
        var registration = Registration(storage, definition);
        await registration.StartAsync(TestContext.Current.CancellationToken);

        registration.Dispose();
        var stopping = await Record.ExceptionAsync(() => registration.StopAsync(TestContext.Current.CancellationToken));

        Assert.Null(stopping);
        Assert.Equal([definition.Id], Schedules(storage).Keys);
    }

    private static RecurringJobRegistration Registration(JobStorage storage, params RecurringJobDefinition[] definitions) =>
        new(definitions, new RecurringJobManager(storage), new BackgroundJobClient(storage), NullLogger<RecurringJobRegistration>.Instance);

    private static Dictionary<string, string> Schedules(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs().ToDictionary(job => job.Id, job => job.Cron);
    }

    private static async Task<DatabaseSettings> SettingsAsync(TestDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return new DatabaseSettings { Provider = DatabaseProvider.Sqlite, DataDirectory = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource)! };
        }

        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{database.Name}\"";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return new DatabaseSettings { Provider = DatabaseProvider.Postgres, Postgres = new DatabaseServerSettings { Catalog = database.ConnectionString } };
    }
}
