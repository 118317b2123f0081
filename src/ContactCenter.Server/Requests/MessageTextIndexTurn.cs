using System.Diagnostics;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Which tenants the next <see cref="MessageTextIndexJob"/> run on this instance visits. First those this instance wrote
/// messages to since (<see cref="Touched"/>, from the ingest), so that new mail is indexed within seconds without every
/// tenant's database being asked every few seconds. Then, once every <see cref="SweepInterval"/>, a sweep over all
/// tenants in the order of their ids, from the first to the last: text written elsewhere (another instance, a migration,
/// a restore) is found there. A sweep whose run's time is up goes on in the next run where it stopped
/// (<see cref="SweepFrom"/>), so that with enough tenants the last are reached too. An instance that starts sweeps first;
/// the turn only spreads the work, the pending rows themselves say what is left. Times here are the processors' (a
/// stopwatch), not the business clock.
/// </summary>
public sealed class MessageTextIndexTurn
{
    /// <summary>How often a sweep over every tenant begins, besides the tenants touched.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly HashSet<Guid> _touched = [];
    private Guid? _sweepFrom;
    private long? _lastSweep;

    /// <summary>The tenant the sweep in progress goes on with (<see cref="Guid.Empty"/>: from the first), or null when none is.</summary>
    public Guid? SweepFrom
    {
        get
        {
            lock (_lock)
            {
                return _sweepFrom;
            }
        }

        set
        {
            lock (_lock)
            {
                _sweepFrom = value;
            }
        }
    }

    /// <summary>The tenant has text to index: call it after the commit that wrote its messages (or when a run left some).</summary>
    public void Touched(Guid tenantId)
    {
        lock (_lock)
        {
            _touched.Add(tenantId);
        }
    }

    /// <summary>The tenants touched since the last call, which are then forgotten until touched again.</summary>
    public HashSet<Guid> TakeTouched()
    {
        lock (_lock)
        {
            var touched = new HashSet<Guid>(_touched);
            _touched.Clear();
            return touched;
        }
    }

    /// <summary>
    /// Where this run sweeps from: the tenant a sweep in progress goes on with, or the first (<see cref="Guid.Empty"/>)
    /// when a new sweep is due (at the first run, and then every <see cref="SweepInterval"/>); null when the run only
    /// visits the tenants touched.
    /// </summary>
    public Guid? BeginSweep()
    {
        lock (_lock)
        {
            if (_sweepFrom is null && (_lastSweep is null || Stopwatch.GetElapsedTime(_lastSweep.Value) >= SweepInterval))
            {
                _lastSweep = Stopwatch.GetTimestamp();
                _sweepFrom = Guid.Empty;
            }

            return _sweepFrom;
        }
    }

    /// <summary>The tenants a sweep has still to visit from <paramref name="from"/> on: those whose id is not smaller, in the order of their ids.</summary>
    public static List<TenantRecord> Rest(IEnumerable<TenantRecord> tenants, Guid from) =>
        [.. tenants.Where(t => t.Id.CompareTo(from) >= 0).OrderBy(t => t.Id)];

    /// <summary>
    /// Where the sweep goes on when its run stopped at <paramref name="stoppedAt"/> of <paramref name="rest"/>: that
    /// tenant again while it has text left, else the next one; null when that was the last (the sweep is over).
    /// </summary>
    public static Guid? After(IReadOnlyList<TenantRecord> rest, int stoppedAt, bool done) =>
        !done ? rest[stoppedAt].Id
        : stoppedAt + 1 < rest.Count ? rest[stoppedAt + 1].Id
        : null;
}
