using System.Diagnostics;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Every few seconds, indexes the messages' text behind the ingest (<see cref="MessageTextIndex"/>): of the tenants this
/// instance wrote mail to since the last run, and once a minute, in a sweep, of every active tenant
/// (<see cref="MessageTextIndexTurn"/>); batch after batch until a tenant has none left or the run's time is up, giving
/// way to the ingest while mail arrives (<see cref="BusyPause"/>). What is left waits for the next run, and the search
/// scans it meanwhile. The time limit keeps runs from piling up behind a long backlog (a burst of mail, the rows of a
/// migration), and one run at a time across instances is enough: the work is the database's. Times here are the
/// processors' (a stopwatch), not the business clock.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 10)]
public sealed partial class MessageTextIndexJob(
    CatalogDbContext catalog, TenantDatabaseFactory databases, MessageTextIndexTurn turn, ILogger<MessageTextIndexJob> logger) : IRecurringJob
{
    public const string Id = "requests:index-message-text";

    public const string Cron = "*/5 * * * * *";

    /// <summary>How long one run indexes at most, over all tenants; shorter than the interval, so runs do not overlap.</summary>
    public static readonly TimeSpan RunTime = TimeSpan.FromSeconds(4);

    /// <summary>
    /// While mail arrives, each batch is followed by a pause this many times as long as the batch took: the indexer then
    /// takes a sixth of the time (the trigrams of a 50 KB body cost about as much as ingesting five messages), catches
    /// up once the mail stops, and meanwhile the search scans the rest.
    /// </summary>
    public const int BusyPause = 5;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = Stopwatch.StartNew();
        var active = (await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken))
            .Select(TenantRecord.From).ToList();
        var touched = turn.TakeTouched();
        foreach (var tenant in active.Where(t => touched.Contains(t.Id)).OrderBy(t => t.Id))
        {
            // What the time does not reach, and what a tenant has left, goes to the next run.
            if (run.Elapsed >= RunTime || !await IndexTenantAsync(tenant, run, cancellationToken))
            {
                turn.Touched(tenant.Id);
            }
        }

        if (turn.BeginSweep() is not { } from)
        {
            return;
        }

        // A sweep visits at least one tenant a run, however long the touched ones took: it always gets on.
        var rest = MessageTextIndexTurn.Rest(active, from);
        for (var i = 0; i < rest.Count; i++)
        {
            var done = await IndexTenantAsync(rest[i], run, cancellationToken);
            if (run.Elapsed >= RunTime)
            {
                turn.SweepFrom = MessageTextIndexTurn.After(rest, i, done);
                return;
            }
        }

        turn.SweepFrom = null;
    }

    /// <summary>Indexes one tenant's pending text, at least one batch, until none is left or the run's time is up; true when none is left.</summary>
    private async Task<bool> IndexTenantAsync(TenantRecord tenant, Stopwatch run, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = databases.Open(tenant);
            var indexed = 0;
            var pending = await MessageTextIndex.PendingAsync(db, cancellationToken);
            while (pending > 0)
            {
                var batchStarted = run.Elapsed;
                var batch = await MessageTextIndex.IndexBatchAsync(db, MessageTextIndex.BatchSize, cancellationToken);
                indexed += batch;
                var left = await MessageTextIndex.PendingAsync(db, cancellationToken);
                if (left > pending - batch)
                {
                    // Mail arrived meanwhile: the ingest comes first (on SQLite it waits for the same write lock, on
                    // PostgreSQL for the same processors), so the indexer takes only its share of the time.
                    await Task.Delay((run.Elapsed - batchStarted) * BusyPause, cancellationToken);
                }

                pending = left;
                if (run.Elapsed >= RunTime)
                {
                    break;
                }
            }

            if (indexed > 0)
            {
                LogIndexed(tenant.Slug, indexed);
            }

            return pending == 0;
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            // One tenant's database being unreachable (or still being provisioned) does not hold up the others.
            LogTenantFailed(tenant.Slug, failed);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Indexed the text of {Count} messages of tenant {Slug}")]
    private partial void LogIndexed(string slug, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The message text of tenant {Slug} could not be indexed")]
    private partial void LogTenantFailed(string slug, Exception failure);
}
