using System.Data.Common;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContactCenter.Server.Observability;

/// <summary>
/// Ready when the catalog answers. Descriptions here and below never carry an exception's message (it may name hosts or
/// users); a failure is named by its kind only.
/// </summary>
internal sealed class CatalogHealthCheck(CatalogDbContext catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await catalog.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("Catalog reachable.")
                : HealthCheckResult.Unhealthy("Catalog unreachable.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Catalog unreachable ({ReadinessChecks.Reason(failure)}).");
        }
    }
}

/// <summary>Ready when Hangfire's job storage answers: it lists the job servers (of every instance) that it knows.</summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Hangfire's storage API is synchronous: run it aside, so the check's timeout ends the wait even if it hangs.
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers().Count, cancellationToken).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Job storage reachable; {servers} job server(s) registered.",
                new Dictionary<string, object> { ["servers"] = servers });
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Job storage unreachable ({ReadinessChecks.Reason(failure)}).");
        }
    }
}

/// <summary>Where this instance's tenant sample goes on from: each check takes the next <c>Health:TenantSample</c> tenants.</summary>
internal sealed class TenantSampleCursor
{
    private long _next;

    public long Take(int count) => Interlocked.Add(ref _next, count) - count;
}

/// <summary>
/// Opens a sample of the active tenants' databases and reads from each: up to <c>Health:TenantSample</c> (default 3) a
/// check, going round all tenants (ordered by id) from one check to the next, so that every tenant is checked over time
/// while a check stays cheap however many tenants there are. Any sampled tenant failing makes the answer unhealthy; the
/// data names the tenants checked and, for each failed one, a short reason.
/// </summary>
internal sealed class TenantSampleHealthCheck(
    CatalogDbContext catalog, TenantDatabaseFactory databases, TenantSampleCursor cursor, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var size = Math.Max(1, configuration.GetValue("Health:TenantSample", 3));
        var active = catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).OrderBy(t => t.Id);
        var count = await active.CountAsync(cancellationToken);
        if (count == 0)
        {
            return HealthCheckResult.Healthy("No active tenants.", new Dictionary<string, object> { ["active"] = 0 });
        }

        var start = (int)(cursor.Take(size) % count);
        var sample = await active.Skip(start).Take(size).ToListAsync(cancellationToken);
        if (sample.Count < size && start > 0)
        {
            sample.AddRange(await active.Take(Math.Min(size - sample.Count, start)).ToListAsync(cancellationToken));
        }

        var outcomes = await Task.WhenAll(sample.Select(t => ProbeAsync(TenantRecord.From(t), cancellationToken)));
        var failed = outcomes.Where(o => o.Failure is not null).ToDictionary(o => o.Slug, o => (object)o.Failure!);
        var data = new Dictionary<string, object>
        {
            ["active"] = count,
            ["checked"] = outcomes.Select(o => o.Slug).ToArray(),
            ["failed"] = failed,
        };
        var checkedList = string.Join(", ", outcomes.Select(o => o.Slug));
        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{outcomes.Length} of {count} active tenant(s) checked: {checkedList}.", data)
            : HealthCheckResult.Unhealthy(
                $"{failed.Count} of {outcomes.Length} checked tenant(s) failed: {string.Join(", ", failed.Select(f => $"{f.Key} ({f.Value})"))}.", data: data);
    }

    private async Task<(string Slug, string? Failure)> ProbeAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = databases.Open(tenant);
            if (db.Database.IsSqlite())
            {
                // A missing SQLite file is a failure, not a new empty database left behind by the check; and the file is
                // opened anew, not through a pooled connection that may still hold a deleted file open.
                db.Database.SetConnectionString(new SqliteConnectionStringBuilder(db.Database.GetConnectionString())
                {
                    Mode = SqliteOpenMode.ReadWrite,
                    Pooling = false,
                }.ToString());
            }

            await db.Settings.AsNoTracking().AnyAsync(cancellationToken);
            return (tenant.Slug, null);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (tenant.Slug, ReadinessChecks.Reason(failure));
        }
    }
}

internal static class ReadinessChecks
{
    /// <summary>A failure's kind, never its message: a database error's SQLSTATE or SQLite code, or the exception's type.</summary>
    public static string Reason(Exception failure) => failure switch
    {
        SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode}",
        DbException { SqlState: { } state } => $"database error {state}",
        TimeoutException or OperationCanceledException => "timed out",
        { InnerException: { } inner } when failure is not DbException => Reason(inner),
        _ => failure.GetType().Name,
    };
}
