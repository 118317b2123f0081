using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContactCenter.Server.Platform;

/// <summary>How a move waits: <see cref="Wait"/> for other instances' tenant caches, and whether the source database stays.</summary>
public sealed record TenantMoveOptions(TimeSpan Wait, bool KeepSource);

/// <summary>The move was refused before anything changed (unknown server, the server it is on, a provider without moves).</summary>
public sealed class TenantMoveRefusedException(string message) : InvalidOperationException(message);

/// <summary>The move failed and was rolled back: the tenant is on its source server, as active as before.</summary>
public sealed class TenantMoveFailedException(string slug, Exception reason)
    : InvalidOperationException($"Moving tenant '{slug}' failed and was rolled back (the tenant stays where it was): {reason.Message}", reason);

/// <summary>The copy's row counts differ from the source's.</summary>
public sealed class TenantCopyMismatchException(string message) : InvalidOperationException(message);

/// <summary>
/// Moves a tenant's PostgreSQL database to another configured server: suspend, wait for other instances, end the source's
/// connections (and make it read-only, so no late writer is lost), copy with pg_dump | pg_restore, compare the row counts
/// of every table, switch the catalog record, drop the tenant's pool, resume. Any failure before the switch drops the
/// half-made copy, makes the source writable again and resumes the tenant.
/// </summary>
public sealed partial class TenantMover(
    IServiceScopeFactory scopes, DatabaseSettings settings, ITenantDatabases databases, TenantStore store, TimeProvider time, ILogger<TenantMover> logger)
{
    /// <summary>How long the move waits at most for the fetch cycle to give back the tenant's mail accounts.</summary>
    public static readonly TimeSpan FetchLeaseWait = TimeSpan.FromMinutes(2);

    /// <summary>Test seam: runs after the copy and before the row counts are compared (a test spoils the copy here).</summary>
    internal Func<TenantRecord, CancellationToken, Task>? BeforeVerify { get; set; }

    /// <summary>Moves the tenant; each step is reported on <paramref name="progress"/> as a line.</summary>
    /// <exception cref="TenantNotFoundException">No such tenant.</exception>
    /// <exception cref="TenantMoveRefusedException">Nothing was done: the target is unknown or the tenant's own server, the provider cannot move.</exception>
    /// <exception cref="TenantMoveFailedException">A step failed; everything was rolled back.</exception>
    public async Task MoveAsync(string slug, string targetServer, TenantMoveOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var postgres = Postgres(settings, databases);
        if (!settings.Postgres.Servers.ContainsKey(targetServer))
        {
            throw new TenantMoveRefusedException(
                $"Database server '{targetServer}' is not configured (Database:Postgres:Servers); configured: {string.Join(", ", settings.Postgres.Servers.Keys)}.");
        }

        var tenant = await FindAsync(slug, cancellationToken);
        if (string.Equals(tenant.DatabaseServer, targetServer, StringComparison.Ordinal))
        {
            throw new TenantMoveRefusedException($"Tenant '{slug}' is on server '{targetServer}' already.");
        }

        if (tenant.Status is not (TenantStatus.Active or TenantStatus.Suspended))
        {
            throw new TenantMoveRefusedException($"Tenant '{slug}' is {tenant.Status}; only an active or suspended tenant can move.");
        }

        if (await postgres.ExistsAsync(targetServer, tenant.DatabaseName, cancellationToken))
        {
            throw new TenantMoveRefusedException(
                $"Server '{targetServer}' has a database '{tenant.DatabaseName}' already (kept by an earlier move?); drop it before moving the tenant there.");
        }

        var source = TenantRecord.From(tenant);
        var target = source with { DatabaseServer = targetServer };
        var wasActive = tenant.Status == TenantStatus.Active;
        var readOnly = false;
        var targetTouched = false;
        try
        {
            if (wasActive)
            {
                progress.Report($"{slug}: suspending");
                await SetStatusAsync(source, TenantStatus.Suspended, cancellationToken);
            }

            progress.Report($"{slug}: waiting {options.Wait.TotalSeconds:0.#} s for other instances to see it suspended");
            await Task.Delay(options.Wait, cancellationToken);
            await WaitForMailFetchesAsync(source, progress, cancellationToken);

            progress.Report($"{slug}: ending connections to {source.DatabaseServer}/{source.DatabaseName}");
            readOnly = true;
            await postgres.SetReadOnlyAsync(source.DatabaseServer, source.DatabaseName, readOnly: true, cancellationToken);
            await postgres.ForgetAsync(source.Id);
            await postgres.TerminateConnectionsAsync(source.DatabaseServer, source.DatabaseName, cancellationToken);

            progress.Report($"{slug}: copying to {target.DatabaseServer}/{target.DatabaseName}");
            targetTouched = true;
            await postgres.CreateAsync(target, cancellationToken);
            await PostgresTools.CopyAsync(
                postgres.DirectConnectionString(source.DatabaseServer, source.DatabaseName),
                postgres.DirectConnectionString(target.DatabaseServer, target.DatabaseName),
                cancellationToken);
            if (BeforeVerify is { } beforeVerify)
            {
                await beforeVerify(target, cancellationToken);
            }

            progress.Report($"{slug}: verifying row counts");
            var (tables, rows) = await VerifyAsync(
                postgres.DirectConnectionString(source.DatabaseServer, source.DatabaseName),
                postgres.DirectConnectionString(target.DatabaseServer, target.DatabaseName),
                cancellationToken);
            progress.Report($"{slug}: {tables} tables, {rows} rows alike");

            progress.Report($"{slug}: switching the catalog to server {targetServer}");
            await SwitchAsync(source, targetServer, cancellationToken);
        }
        catch (Exception failure)
        {
            LogMoveFailed(failure, slug, targetServer);
            progress.Report($"{slug}: FAILED: {failure.Message}; rolling back");
            await RollBackAsync(postgres, source, target, targetTouched, readOnly, wasActive);
            progress.Report($"{slug}: rolled back; still on {source.DatabaseServer}" + (wasActive ? ", active" : ""));
            throw new TenantMoveFailedException(slug, failure);
        }

        store.Invalidate(slug);
        await postgres.ForgetAsync(source.Id);
        if (wasActive)
        {
            progress.Report($"{slug}: resuming");
            await SetStatusAsync(target, TenantStatus.Active, CancellationToken.None);
        }

        if (options.KeepSource)
        {
            progress.Report($"{slug}: source database {source.DatabaseServer}/{source.DatabaseName} kept (read-only)");
        }
        else
        {
            progress.Report($"{slug}: dropping the source database {source.DatabaseServer}/{source.DatabaseName}");
            await postgres.DropAsync(source, CancellationToken.None);
        }

        LogMoved(slug, source.DatabaseServer, targetServer);
        progress.Report($"{slug}: moved to {targetServer}");
    }

    /// <summary>Compares the tables and their row counts of two databases; returns how many tables and rows they hold.</summary>
    /// <exception cref="TenantCopyMismatchException">A table is missing on one side or its row count differs.</exception>
    public static async Task<(int Tables, long Rows)> VerifyAsync(string sourceConnectionString, string targetConnectionString, CancellationToken cancellationToken)
    {
        var expected = await CountRowsAsync(sourceConnectionString, cancellationToken);
        var actual = await CountRowsAsync(targetConnectionString, cancellationToken);
        var differences = expected.Keys.Union(actual.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(table => expected.GetValueOrDefault(table, -1) != actual.GetValueOrDefault(table, -1))
            .Select(table => $"{table}: {Describe(expected, table)} in the source, {Describe(actual, table)} in the copy")
            .ToList();
        if (differences.Count > 0)
        {
            throw new TenantCopyMismatchException("the copy differs from the source: " + string.Join("; ", differences));
        }

        return (expected.Count, expected.Values.Sum());
    }

    /// <summary>Every table of the database's own schemas with its exact row count.</summary>
    public static async Task<Dictionary<string, long>> CountRowsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables " +
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            // The names come from pg_tables, quoted by the server.
            count.CommandText = $"SELECT count(*) FROM {table}";
            counts[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    /// <exception cref="TenantMoveRefusedException">Not on PostgreSQL.</exception>
    internal static PostgresTenantDatabases Postgres(DatabaseSettings settings, ITenantDatabases databases) => settings.Provider switch
    {
        DatabaseProvider.Sqlite => throw new TenantMoveRefusedException(
            "SQLite keeps every tenant in a file of the data directory: there are no database servers to move a tenant between."),
        DatabaseProvider.SqlServer => throw new TenantMoveRefusedException(
            "Moving tenants between SQL Server servers is not supported yet: suspend the tenant, copy its database " +
            "(BACKUP DATABASE / RESTORE, or a bacpac on Azure SQL), change its DatabaseServer in the catalog, resume it."),
        _ => (PostgresTenantDatabases)databases,
    };

    private static string Describe(Dictionary<string, long> counts, string table) =>
        counts.TryGetValue(table, out var count) ? $"{count} rows" : "no table";

    private async Task<Tenant> FindAsync(string slug, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        return await catalog.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) ?? throw new TenantNotFoundException(slug);
    }

    private async Task SetStatusAsync(TenantRecord tenant, TenantStatus status, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await catalog.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, status), cancellationToken);
        }

        store.Invalidate(tenant.Slug);
    }

    /// <summary>Only where the record still names the source: a concurrent change is not overwritten.</summary>
    private async Task SwitchAsync(TenantRecord source, string targetServer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var switched = await catalog.Tenants
            .Where(t => t.Id == source.Id && t.DatabaseServer == source.DatabaseServer && t.DatabaseName == source.DatabaseName)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DatabaseServer, targetServer), cancellationToken);
        if (switched != 1)
        {
            throw new InvalidOperationException("the tenant's catalog record changed during the move.");
        }
    }

    /// <summary>A fetch that began before the suspension may still be taking mail: its round should end before the copy.</summary>
    private async Task WaitForMailFetchesAsync(TenantRecord tenant, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + FetchLeaseWait;
        var reported = false;
        while (true)
        {
            var now = time.GetUtcNow().UtcDateTime;
            bool leased;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
                leased = await catalog.MailFetchAccounts.AnyAsync(a => a.TenantId == tenant.Id && a.LeaseHolder != null && a.LeaseExpiresAt > now, cancellationToken);
            }

            if (!leased || time.GetUtcNow() >= giveUpAt)
            {
                // Past the wait a stuck fetch's writes fail on the read-only source and its mail stays on the server.
                return;
            }

            if (!reported)
            {
                progress.Report($"{tenant.Slug}: waiting for the mail fetch to give back the tenant's accounts");
                reported = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Runs without a token: a cancelled move is rolled back all the same.</summary>
    private async Task RollBackAsync(PostgresTenantDatabases postgres, TenantRecord source, TenantRecord target, bool targetTouched, bool readOnly, bool wasActive)
    {
        if (targetTouched)
        {
            await postgres.DropAsync(target, CancellationToken.None);
        }

        if (readOnly)
        {
            await postgres.SetReadOnlyAsync(source.DatabaseServer, source.DatabaseName, readOnly: false, CancellationToken.None);
            // Sessions opened meanwhile are read-only for good: end them.
            await postgres.TerminateConnectionsAsync(source.DatabaseServer, source.DatabaseName, CancellationToken.None);
        }

        await postgres.ForgetAsync(source.Id);
        if (wasActive)
        {
            await SetStatusAsync(source, TenantStatus.Active, CancellationToken.None);
        }
        else
        {
            store.Invalidate(source.Slug);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Slug} moved from server {Source} to {Target}")]
    private partial void LogMoved(string slug, string source, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Moving tenant {Slug} to server {Target} failed; rolling back")]
    private partial void LogMoveFailed(Exception exception, string slug, string target);
}
