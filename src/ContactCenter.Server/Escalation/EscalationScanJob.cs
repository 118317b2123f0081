using ContactCenter.Data.Catalog;
using ContactCenter.Server.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Escalation;

/// <summary>
/// Every <see cref="EscalationSettings.ScanInterval"/>, runs the backlog escalation of each tenant that may escalate at
/// all: a tenant some active partner accepts escalations from (the catalog's partner table, indexed by source). Tenants
/// without a partner cost nothing, however many there are.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed partial class EscalationScanJob(CatalogDbContext catalog, BacklogEscalation escalation, ILogger<EscalationScanJob> logger) : IRecurringJob
{
    public const string Id = "escalation:scan";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sources = await catalog.EscalationPartners.AsNoTracking()
            .Where(p => p.Tenant!.Status == TenantStatus.Active && p.SourceTenant!.Status == TenantStatus.Active)
            .Select(p => p.SourceTenantId).Distinct().ToListAsync(cancellationToken);
        foreach (var source in sources)
        {
            try
            {
                await escalation.RunAsync(source, cancellationToken);
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                // One tenant's failure (a partner database down) does not hold up the others; the next run tries again.
                LogTenantFailed(source, failed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The backlog escalation of tenant {TenantId} failed")]
    private partial void LogTenantFailed(Guid tenantId, Exception failure);
}
