using System.Diagnostics;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Platform;

/// <summary>The outcome of migrating one tenant database.</summary>
public sealed record TenantMigrationResult(string Slug, bool Succeeded, int Applied, string? SchemaVersion, TimeSpan Elapsed, string? Error);

/// <summary>Progress of a migration run: how many tenants are done, and the one just finished.</summary>
public sealed record TenantMigrationProgress(int Done, int Total, TenantMigrationResult Latest);

/// <summary>
/// Brings every tenant database up to date, several at once. A failing tenant does not stop the others;
/// running again continues where it failed, since applied migrations are recorded per database.
/// </summary>
public sealed class TenantMigrator(IServiceScopeFactory scopes, ITenantDatabases databases)
{
    public async Task<IReadOnlyList<TenantMigrationResult>> MigrateAllAsync(
        int parallelism, IProgress<TenantMigrationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        List<TenantRecord> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            tenants = (await catalog.Tenants.AsNoTracking()
                    .Where(t => t.Status == TenantStatus.Active || t.Status == TenantStatus.Suspended)
                    .OrderBy(t => t.Slug)
                    .ToListAsync(cancellationToken))
                .Select(TenantRecord.From).ToList();
        }

        var results = new TenantMigrationResult[tenants.Count];
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tenants.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                results[index] = await MigrateAsync(tenants[index], token);
                progress?.Report(new TenantMigrationProgress(Interlocked.Increment(ref done), tenants.Count, results[index]));
            });
        return results;
    }

    private async Task<TenantMigrationResult> MigrateAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            string? version;
            int applied;
            await using (var db = databases.Open(tenant))
            {
                applied = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
                await db.Database.MigrateAsync(cancellationToken);
                version = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
            }

            await using var scope = scopes.CreateAsyncScope();
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            await catalog.Tenants.Where(t => t.Id == tenant.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.SchemaVersion, version), cancellationToken);
            return new TenantMigrationResult(tenant.Slug, true, applied, version, stopwatch.Elapsed, null);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Reported per tenant; the run goes on with the others and its exit code says it failed.
            return new TenantMigrationResult(tenant.Slug, false, 0, null, stopwatch.Elapsed, failure.GetBaseException().Message);
        }
    }
}
