using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tenancy.Provisioning;
using ContactCenter.Server.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>Jobs on a host of their own per provider: schedules written at start, the first job, a job working on one tenant.</summary>
// Each test starts from empty job tables (Respawn, see ServerFixture.ResetJobsAsync), so counting runs in the storage
// sees this test's runs only.
public abstract class JobsShould<TFixture>(TFixture server) : IAsyncLifetime
    where TFixture : ServerFixture
{
    private JobStorage Storage => server.Services.GetRequiredService<JobStorage>();

    public async ValueTask InitializeAsync() => await server.ResetJobsAsync();

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void ScheduleTheRecurringJobsDeclaredInCode()
    {
        using var connection = Storage.GetConnection();

        var recurring = Assert.Single(connection.GetRecurringJobs(), job => job.Id == RemoveAbandonedTenantsJob.Id);

        Assert.Equal(RemoveAbandonedTenantsJob.Cron, recurring.Cron);
        Assert.Equal(typeof(RemoveAbandonedTenantsJob), recurring.Job.Type);
        Assert.NotNull(recurring.NextExecution);
    }

    [Fact]
    public async Task KeepTheJobTablesBesideTheCatalogNotAmongItsTables()
    {
        var catalogTables = await server.CatalogAsync(c => c.Database
            .SqlQueryRaw<string>(server.Provider == DatabaseProvider.Postgres
                ? "SELECT table_schema || '.' || table_name AS \"Value\" FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'")
            .ToListAsync());

        Assert.Contains("Tenants", catalogTables.Select(table => table.Split('.')[^1]));
        if (server.Provider == DatabaseProvider.Postgres)
        {
            Assert.Contains("hangfire.job", catalogTables);
            Assert.All(catalogTables.Where(table => table.EndsWith(".job", StringComparison.Ordinal)), table => Assert.StartsWith("hangfire.", table, StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain("Job", catalogTables);
            Assert.True(File.Exists(Path.Combine(server.DataDirectory, "jobs.db")));
        }
    }

    [Fact]
    public async Task RemoveTenantsAProcessLeftHalfProvisionedWhenTheJobRuns()
    {
        var databases = server.Services.GetRequiredService<ITenantDatabases>();
        var abandoned = await RegisterHalfProvisionedAsync(databases, DateTime.UtcNow.AddHours(-1));
        var inProgress = await RegisterHalfProvisionedAsync(databases, DateTime.UtcNow);

        var jobId = server.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(RemoveAbandonedTenantsJob.Id);
        await SucceededAsync(jobId);

        Assert.False(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Id == abandoned.Id)));
        Assert.False(await server.TenantDatabaseExistsAsync(abandoned.DatabaseName));
        Assert.True(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Id == inProgress.Id)));
        Assert.True(await server.TenantDatabaseExistsAsync(inProgress.DatabaseName));
    }

    [Fact]
    public async Task RunATenantsJobInThatTenantsDatabaseWithTheTenantInItsLogs()
    {
        var tenantId = await TenantIdAsync(await server.SignUpAsync());
        var note = $"noted {Guid.NewGuid():N}";

        var jobId = server.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<TenantNoteJob>(job => job.RunAsync(tenantId, note, CancellationToken.None));
        await SucceededAsync(jobId);

        Assert.Equal(note, await server.TenantAsync(tenantId, db => db.Settings.Select(s => s.Description).SingleAsync()));
        var audit = await server.TenantAsync(tenantId, db => db.AuditEntries.Where(a => a.Entity == "TenantSettings").OrderByDescending(a => a.At).FirstAsync());
        Assert.Equal(TenantNoteJob.Actor, audit.Actor);
        var logged = Assert.Single(server.Logs.Lines, line => line.Message == $"Noted {note}");
        Assert.Equal(tenantId, logged.Scope["TenantId"]);
        Assert.Equal((jobId, nameof(TenantNoteJob)), (logged.Scope["JobId"], logged.Scope["JobType"]));
    }

    [Fact]
    public async Task RunAnEnqueuedJobOnceAndKeepItsHistory()
    {
        var tenantId = await TenantIdAsync(await server.SignUpAsync());

        var jobId = server.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<TenantNoteJob>(job => job.RunAsync(tenantId, "once", CancellationToken.None));
        await SucceededAsync(jobId);

        var monitoring = Storage.GetMonitoringApi();
        var succeeded = monitoring.SucceededJobs(0, 100).Where(job => job.Value.Job?.Type == typeof(TenantNoteJob)).ToList();
        Assert.Equal(jobId, Assert.Single(succeeded).Key);
        var history = monitoring.JobDetails(jobId).History.Select(state => state.StateName).Reverse().ToList();
        Assert.Equal(["Enqueued", "Processing", "Succeeded"], history);
    }

    private async Task SucceededAsync(string jobId)
    {
        var state = await Poll.UntilAsync(() =>
        {
            using var connection = Storage.GetConnection();
            return Task.FromResult(connection.GetStateData(jobId)?.Name);
        }, name => name is "Succeeded" or "Failed", $"job {jobId} to finish");
        Assert.Equal("Succeeded", state);
    }

    private Task<Guid> TenantIdAsync(string slug) => server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    private async Task<Tenant> RegisterHalfProvisionedAsync(ITenantDatabases databases, DateTime createdAt)
    {
        var id = Guid.CreateVersion7();
        var tenant = new Tenant
        {
            Id = id,
            Slug = ServerFixture.NewSlug("half"),
            Name = "Half",
            CreatedAt = createdAt,
            DatabaseServer = databases.DefaultServer,
            DatabaseName = databases.DatabaseNameFor(id),
        };
        await server.CatalogAsync(c =>
        {
            c.Tenants.Add(tenant);
            return c.SaveChangesAsync();
        });
        await databases.CreateAsync(TenantRecord.From(tenant), CancellationToken.None);
        return tenant;
    }
}

public sealed class JobsOnSqlite(JobsOnSqlite.Host server) : JobsShould<JobsOnSqlite.Host>(server), IClassFixture<JobsOnSqlite.Host>
{
    /// <summary>A host of its own: these tests empty its job tables, which on a shared host would drop other tests' jobs.</summary>
    public sealed class Host : ServerFixture
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    }
}

public sealed class JobsOnPostgres(JobsOnPostgres.Host server) : JobsShould<JobsOnPostgres.Host>(server), IClassFixture<JobsOnPostgres.Host>
{
    /// <summary>A host of its own: these tests empty its job tables, which on a shared host would drop other tests' jobs.</summary>
    public sealed class Host : ServerFixture
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    }
}
