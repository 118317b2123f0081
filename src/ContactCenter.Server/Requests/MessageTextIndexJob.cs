using ContactCenter.Data.Catalog;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Every few seconds, indexes the messages' text of every active tenant behind the ingest (<see cref="MessageTextIndex"/>),
/// batch after batch until a tenant has none left or the run's time is up; what is left waits for the next run, and
/// the search scans it meanwhile. The time limit keeps runs from piling up behind a long backlog (a burst of mail, the
/// rows of a migration), and one run at a time across instances is enough: the work is the database's.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 10)]
public sealed partial class MessageTextIndexJob(
    CatalogDbContext catalog, TenantDatabaseFactory databases, TimeProvider time, ILogger<MessageTextIndexJob> logger) : IRecurringJob
{
    public const string Id = "requests:index-message-text";

    public const string Cron = "*/5 * * * * *";

    /// <summary>How long one run indexes at most, over all tenants; shorter than the interval, so runs do not overlap.</summary>
    public static readonly TimeSpan RunTime = TimeSpan.FromSeconds(4);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var active = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken);
        foreach (var tenant in active.Select(TenantRecord.From))
        {
            try
            {
                await using var db = databases.Open(tenant);
                var indexed = 0;
                int batch;
                do
                {
                    batch = await MessageTextIndex.IndexBatchAsync(db, MessageTextIndex.BatchSize, cancellationToken);
                    indexed += batch;
                }
                while (batch == MessageTextIndex.BatchSize && time.GetElapsedTime(started) < RunTime);

                if (indexed > 0)
                {
                    LogIndexed(tenant.Slug, indexed);
                }
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                // One tenant's database being unreachable (or still being provisioned) does not hold up the others.
                LogTenantFailed(tenant.Slug, failed);
            }

            if (time.GetElapsedTime(started) >= RunTime)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Indexed the text of {Count} messages of tenant {Slug}")]
    private partial void LogIndexed(string slug, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The message text of tenant {Slug} could not be indexed")]
    private partial void LogTenantFailed(string slug, Exception failure);
}
