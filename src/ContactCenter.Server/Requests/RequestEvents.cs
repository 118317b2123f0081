using System.Collections.Concurrent;
using System.Threading.Channels;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Instances;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Requests;

/// <summary>
/// "The requests of a tenant changed", for live views (the inbox): every tenant database context raises it after a
/// save that touched requests (<see cref="TenantDbContext.RequestsSaved"/>), and the subscribers of that tenant are
/// woken. A subscriber learns only that something changed; what it may see it reads again through its own scope.
/// The change travels to the other instances as an <see cref="InstanceSignals"/> signal, so every instance's
/// subscribers hear of every instance's changes.
/// </summary>
public sealed class RequestEvents : ITenantContextHook
{
    /// <summary>The signal's kind; its key is the tenant's id.</summary>
    public const string Signal = "requests";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<bool>, byte>> _subscribers = new();

    private readonly InstanceSignals _signals;

    public RequestEvents(InstanceSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _signals = signals;
        signals.On(Signal, key =>
        {
            if (Guid.TryParse(key, out var tenantId))
            {
                Dispatch(tenantId);
            }
        });
    }

    /// <summary>Lets <paramref name="db"/> (a context of tenant <paramref name="tenantId"/>) announce its request changes.</summary>
    public void Opened(TenantDbContext db, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.RequestsSaved += (_, _) => Publish(tenantId);
    }

    /// <summary>Announces that requests of the tenant changed.</summary>
    public void Publish(Guid tenantId) => _signals.Publish(Signal, tenantId.ToString("D"));

    /// <summary>Wakes the tenant's subscribers of this instance.</summary>
    private void Dispatch(Guid tenantId)
    {
        if (_subscribers.TryGetValue(tenantId, out var subscribers))
        {
            foreach (var subscriber in subscribers.Keys)
            {
                // One pending wake-up is enough: changes that come while the subscriber is busy are seen together.
                subscriber.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>A subscription to the tenant's changes; dispose it to leave.</summary>
    public Subscription Subscribe(Guid tenantId)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var subscribers = _subscribers.GetOrAdd(tenantId, _ => new ConcurrentDictionary<Channel<bool>, byte>());
        subscribers.TryAdd(channel, 0);
        return new Subscription(channel.Reader, () =>
        {
            subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
    }

    /// <summary>Wake-ups of one subscriber: each read means "something changed since the last one".</summary>
    public sealed class Subscription(ChannelReader<bool> changes, Action leave) : IDisposable
    {
        public ChannelReader<bool> Changes { get; } = changes;

        public void Dispose() => leave();
    }
}

