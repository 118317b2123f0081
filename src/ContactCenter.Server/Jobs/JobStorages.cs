using ContactCenter.Data;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;

namespace ContactCenter.Server.Jobs;

/// <summary>
/// Where jobs are stored, by <c>Database:Provider</c>: beside the catalog, never inside a tenant's database.
/// The values below are tuned for schedules of a few seconds (the fetch cycle) and for processes that are killed
/// rather than stopped: what a dead process held must come back within a minute, not Hangfire's default half hour.
/// </summary>
internal static class JobStorages
{
    /// <summary>The schema (PostgreSQL, SQL Server) that holds Hangfire's tables, apart from ours.</summary>
    public const string Schema = "hangfire";

    /// <summary>The SQLite job database beside <c>catalog.db</c>; a file of its own, so Hangfire's writes never lock the catalog.</summary>
    public const string SqliteFileName = "jobs.db";

    /// <summary>
    /// How long a worker waits before it asks the queue again when the queue was empty. A job that another instance's
    /// scheduler enqueues waits at most this long; one query per worker per second is cheap on every provider.
    /// </summary>
    private static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(1);

    /// <exception cref="InvalidOperationException">The catalog of PostgreSQL or SQL Server is not configured.</exception>
    public static JobStorage Create(DatabaseSettings database) => database.Provider switch
    {
        DatabaseProvider.Postgres => Postgres(TenancyFeature.CatalogConnectionString(database)),
        DatabaseProvider.Sqlite => Sqlite(database),
        DatabaseProvider.SqlServer => SqlServer(TenancyFeature.CatalogConnectionString(database)),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "Unknown database provider."),
    };

    private static PostgreSqlStorage Postgres(string catalogConnectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = QueuePollInterval,
            // A running job's fetch time is renewed every fifth of this, so a long job is never taken twice, while the
            // job of a killed process is taken again after half a minute.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(30),
            // Locks are rows that nobody renews; a lock left by a killed process (the recurring scheduler's, say) blocks
            // everyone until it expires. Hangfire holds its locks for a scheduler batch or a state change: milliseconds.
            // A job holding a lock longer (DisableConcurrentExecution on a long job) loses it after this: such a job
            // must keep its exclusivity in its own data instead.
            DistributedLockTimeout = TimeSpan.FromSeconds(30),
            // LISTEN/NOTIFY would hold one more connection per worker; the one-second poll is fast enough.
            EnableLongPolling = false,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(catalogConnectionString, options), options);
    }

    private static SQLiteStorage Sqlite(DatabaseSettings database)
    {
        var folder = Path.GetFullPath(database.DataDirectory);
        Directory.CreateDirectory(folder);
        return new SQLiteStorage(Path.Combine(folder, SqliteFileName), new SQLiteStorageOptions
        {
            QueuePollInterval = QueuePollInterval,
            // This storage never renews a fetched job's time, so this must outlast the longest job (ours take seconds)
            // or a running job is taken a second time; the job of a killed process runs again after this.
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            // Locks are renewed every fifth of this while held, so a short lifetime costs nothing and frees the locks
            // of a killed process quickly.
            DistributedLockLifetime = TimeSpan.FromSeconds(10),
        });
    }

    // Microsoft.Data.SqlClient comes with the SQL Server EF provider; Hangfire finds it by name.
    private static SqlServerStorage SqlServer(string connectionString) =>
        new(connectionString, new SqlServerStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            // Zero: Hangfire 1.8's recommended sub-second polling, cheap on SQL Server (no lock escalation).
            QueuePollInterval = TimeSpan.Zero,
            // Renewed while a job runs (sliding), so only a killed process's job waits this long to run again.
            SlidingInvisibilityTimeout = TimeSpan.FromSeconds(30),
            UseRecommendedIsolationLevel = true,
            // SQL Server's locks are sp_getapplock locks of a session: a killed process's die with its connection.
            DisableGlobalLocks = true,
        });
}
