using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Puts messages' text into the search index behind the ingest (migration <c>IndexMessageTextBehindIngest</c>): a
/// message is written with <see cref="RequestMessage.TextIndexed"/> false, which keeps its text out of the trigram
/// indexes, and a batch here turns the flag true, which puts it in (PostgreSQL's partial trigram index; SQLite's FTS5
/// table, through a trigger). The flag is the message's own, not a watermark: rows committed out of id order (rounds of
/// several accounts and instances) or rowids SQLite reuses cannot slip past it. Running a batch twice, or two at once,
/// only sets true what is true already.
/// </summary>
public static class MessageTextIndex
{
    /// <summary>
    /// Messages a batch indexes: enough to amortise the statements, few enough that the ingest's next round waits little
    /// for SQLite's write lock (about 10 ms a 50 KB body).
    /// </summary>
    public const int BatchSize = 20;

    /// <summary>
    /// Indexes up to <paramref name="batchSize"/> messages not indexed yet, oldest id first, and returns how many; 0 when
    /// none is left, and always on SQL Server, which has no search index. Fewer than the batch size: none was left (or
    /// another run took some at the same time).
    /// </summary>
    public static async Task<int> IndexBatchAsync(TenantDbContext db, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (db.Database.IsSqlServer())
        {
            return 0;
        }

        // Read first, outside SQLite's write lock: most runs find nothing. Then SQLite's writers of one process queue in
        // process (see TenantWriteGate), the ingest's rounds among them.
        var pending = await db.RequestMessages.Where(m => !m.TextIndexed).OrderBy(m => m.Id).Select(m => m.Id).Take(batchSize).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        using var gate = await TenantWriteGate.EnterAsync(db, cancellationToken);
        return await db.RequestMessages.Where(m => pending.Contains(m.Id) && !m.TextIndexed)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.TextIndexed, true), cancellationToken);
    }

    /// <summary>Messages whose text is not indexed yet: what the search scans.</summary>
    public static Task<int> PendingAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.RequestMessages.CountAsync(m => !m.TextIndexed, cancellationToken);
    }
}
