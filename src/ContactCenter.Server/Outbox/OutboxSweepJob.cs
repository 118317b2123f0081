using ContactCenter.Data.Catalog;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Outbox;

/// <summary>
/// Every minute, finds the active tenants with due outbox rows and enqueues their <see cref="OutboxSendJob"/>: what a
/// kick missed (a process that stopped between commit and kick, a claim whose sender died, a suspended tenant resumed)
/// goes out without anyone asking. One small query per tenant; suspended tenants are skipped.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed partial class OutboxSweepJob(
    CatalogDbContext catalog, TenantDatabaseFactory databases, IBackgroundJobClient jobs, TimeProvider time, ILogger<OutboxSweepJob> logger) : IRecurringJob
{
    public const string Id = "outbox:sweep";

    public const string Cron = "* * * * *";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var active = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken);
        foreach (var tenant in active.Select(TenantRecord.From))
        {
            try
            {
                await using var db = databases.Open(tenant);
                if (await OutboxSendJob.Due(db.Outbox, time.GetUtcNow().UtcDateTime).AnyAsync(cancellationToken))
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
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox of tenant {Slug} could not be looked at")]
    private partial void LogTenantFailed(string slug, Exception failure);
}
