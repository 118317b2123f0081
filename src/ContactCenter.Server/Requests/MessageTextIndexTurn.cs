using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Whose turn it is when the next <see cref="MessageTextIndexJob"/> run on this instance starts: the tenant the last run
/// stopped at when its time was up. Without it every run would begin with the same tenants, and with enough of them the
/// last would never be reached. An instance that starts (or another that runs the job) begins with the first tenant;
/// the turn only spreads the work, the pending rows themselves say what is left.
/// </summary>
public sealed class MessageTextIndexTurn
{
    private readonly Lock _lock = new();
    private Guid _resumeAt;

    /// <summary>The tenant to start with (in the order of their ids), or <see cref="Guid.Empty"/> for the first.</summary>
    public Guid ResumeAt
    {
        get
        {
            lock (_lock)
            {
                return _resumeAt;
            }
        }

        set
        {
            lock (_lock)
            {
                _resumeAt = value;
            }
        }
    }

    /// <summary>The tenants in the order of their ids, starting with <paramref name="resumeAt"/> (or the next after it, when it is gone) and going round.</summary>
    public static List<TenantRecord> InTurn(IEnumerable<TenantRecord> tenants, Guid resumeAt)
    {
        var ordered = tenants.OrderBy(t => t.Id).ToList();
        var start = ordered.FindIndex(t => t.Id.CompareTo(resumeAt) >= 0);
        return start <= 0 ? ordered : [.. ordered[start..], .. ordered[..start]];
    }

    /// <summary>Where the next run starts when this one stopped at <paramref name="stoppedAt"/>: that tenant again while it has text left, else the next one.</summary>
    public static Guid After(IReadOnlyList<TenantRecord> inTurn, int stoppedAt, bool done) =>
        done ? inTurn[(stoppedAt + 1) % inTurn.Count].Id : inTurn[stoppedAt].Id;
}
