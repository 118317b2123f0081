using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Observability;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Outbox;

/// <summary>
/// Every minute, finds the active tenants with due outbox rows and enqueues their <see cref="OutboxSendJob"/>: what a
/// kick missed (a process that stopped between commit and kick, a claim whose sender died, a suspended tenant resumed)
/// goes out without anyone asking. One small query per tenant; suspended tenants are skipped.
/// <para>
/// The outbox depth in <c>/metrics</c> (messages waiting, per tenant) is counted here, by the query the sweep makes
/// anyway, rather than on scrape: a scrape would have to open every tenant's database (or report a changing sample),
/// while the sweep already does once a minute. The instance that ran the sweep reports it until two sweeps later.
/// </para>
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed partial class OutboxSweepJob(
    CatalogDbContext catalog, TenantDatabaseFactory databases, IBackgroundJobClient jobs, TimeProvider time, ContactCenterMetrics metrics,
    ILogger<OutboxSweepJob> logger) : IRecurringJob
{
    public const string Id = "outbox:sweep";

    public const string Cron = "* * * * *";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var active = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken);
        var depths = new List<(string Tenant, long Waiting)>();
        foreach (var tenant in active.Select(TenantRecord.From))
        {
            try
            {
                await using var db = databases.Open(tenant);
                var waiting = await db.Outbox.LongCountAsync(o => o.State == DeliveryState.Pending, cancellationToken);
                depths.Add((tenant.Slug, waiting));
                if (waiting > 0 && await OutboxSendJob.Due(db.Outbox, time.GetUtcNow().UtcDateTime).AnyAsync(cancellationToken))
                {
                    jobs.Enqueue<OutboxSendJob>(job => job.RunAsync(tenant.Id, CancellationToken.None));
                }
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                // One tenant's database being unreachable (or still being provisioned) does not hold up the others.
                LogTenantFailed(tenant.Slug, failed);
            }
        }

        metrics.OutboxSwept(depths);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox of tenant {Slug} could not be looked at")]
    private partial void LogTenantFailed(string slug, Exception failure);
}
