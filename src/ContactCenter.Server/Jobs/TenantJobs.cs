using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Jobs;

/// <summary>
/// How a job works on one tenant: the tenant id comes in the job's arguments (never from ambient state; a job has no
/// request), the tenant's database is opened explicitly through <see cref="TenantDatabaseFactory"/>, and every line the
/// job logs meanwhile carries <c>TenantId</c> in its scope.
/// </summary>
public sealed class TenantJobs(TenantDatabaseFactory tenants, ILogger<TenantJobs> logger)
{
    /// <summary>Runs <paramref name="work"/> on the tenant's database; the audit trail names <paramref name="actor"/>.</summary>
    /// <exception cref="TenantNotFoundException">The tenant no longer exists (deleted after the job was enqueued).</exception>
    public async Task<T> RunAsync<T>(Guid tenantId, string actor, Func<TenantDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenantId });
        await using var db = await tenants.OpenAsync(tenantId, cancellationToken);
        db.Actor = actor;
        return await work(db, cancellationToken);
    }
}
