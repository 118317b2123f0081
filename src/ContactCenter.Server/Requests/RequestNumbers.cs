using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>Hands out request numbers from the tenant's <see cref="RequestCounter"/>.</summary>
public static class RequestNumbers
{
    /// <summary>
    /// Raises the counter by <paramref name="count"/> inside the caller's transaction (which holds the row until it ends)
    /// and returns the highest number taken: the caller's requests get the <paramref name="count"/> numbers up to it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transaction is open: the numbers would be free again at once.</exception>
    public static async Task<long> TakeAsync(TenantDbContext db, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Request numbers are taken inside the transaction that saves the requests.");
        }

        var counter = db.RequestCounters.Where(c => c.Id == RequestCounter.SingleId);
        if (await counter.ExecuteUpdateAsync(s => s.SetProperty(c => c.Last, c => c.Last + count), cancellationToken) == 1)
        {
            return await counter.Select(c => c.Last).SingleAsync(cancellationToken);
        }

        // The row is gone (emptied tables): it starts again after the highest number there is. Two writers doing so at
        // once collide on its key, and the second tries again.
        var last = (await db.Requests.MaxAsync(r => (long?)r.Number, cancellationToken) ?? 0) + count;
        db.RequestCounters.Add(new RequestCounter { Last = last });
        return last;
    }
}
