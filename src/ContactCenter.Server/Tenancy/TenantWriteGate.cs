using System.Collections.Concurrent;
using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// Lets one writer of this process at a time into a SQLite tenant database (SQLite has one writer per file): the others
/// wait here instead of in SQLite's busy loop, which sleeps for long steps. Other providers pass straight through.
/// </summary>
public static class TenantWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the gate of the context's database; disposing the result lets the next writer in.</summary>
    public static async Task<IDisposable> EnterAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite() || db.Database.GetConnectionString() is not { } connection)
        {
            return Passed.Instance;
        }

        var gate = Gates.GetOrAdd(connection, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    private sealed class Passed : IDisposable
    {
        public static readonly Passed Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
