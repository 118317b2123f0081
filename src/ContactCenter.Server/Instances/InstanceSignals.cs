using System.Collections.Concurrent;
using System.Threading.Channels;
using ContactCenter.Data;

namespace ContactCenter.Server.Instances;

/// <summary>How the server instances tell each other of changes (<c>Instances:Signals</c>).</summary>
public enum SignalTransport
{
    /// <summary><see cref="Notify"/> on PostgreSQL, <see cref="Poll"/> on SQL Server, <see cref="InProcess"/> on SQLite.</summary>
    Auto,

    /// <summary>One instance (SQLite): changes stay in this process.</summary>
    InProcess,

    /// <summary>PostgreSQL <c>LISTEN/NOTIFY</c> on the catalog database: at once, but it needs a session of its own (no pgbouncer in transaction mode).</summary>
    Notify,

    /// <summary>Rows in the catalog's <c>CatalogChanges</c>, read by every instance each <c>Instances:PollInterval</c>: through any pooler, on any provider.</summary>
    Poll,
}

/// <summary>The <c>Instances</c> configuration section: how several server instances share what they must.</summary>
public sealed class InstancesSettings
{
    public const string Section = "Instances";

    public SignalTransport Signals { get; set; } = SignalTransport.Auto;

    /// <summary>How often an instance reads the changes of the others when <see cref="SignalTransport.Poll"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether the rate limits that protect accounts (sign-in, tokens, sign-up) count in the catalog, across instances.
    /// Null: yes on PostgreSQL and SQL Server, no on SQLite (one instance, counted in process).
    /// </summary>
    public bool? SharedRateLimits { get; set; }

    /// <summary>This instance's name in logs, fetch leases and signals; by default the machine name and a random suffix.</summary>
    public string? Name { get; set; }

    /// <summary>The transport <see cref="SignalTransport.Auto"/> stands for on <paramref name="provider"/>.</summary>
    public SignalTransport TransportFor(DatabaseProvider provider) => Signals != SignalTransport.Auto ? Signals : provider switch
    {
        DatabaseProvider.Postgres => SignalTransport.Notify,
        DatabaseProvider.SqlServer => SignalTransport.Poll,
        _ => SignalTransport.InProcess,
    };
}

/// <summary>
/// "Something named <c>key</c> of kind <c>kind</c> changed": a tenant's record, a client, a tenant's requests. The
/// instance that made the change acts on it at once; the others hear of it through <see cref="Transport"/>
/// (<see cref="InstanceSignalsTransport"/>) and act on it then. Handlers only forget or wake: a signal heard twice
/// or late does no harm, so caches keep a short lifetime as well, in case a signal is lost.
/// </summary>
public sealed class InstanceSignals
{
    /// <summary>The PostgreSQL channel; the payload is instance, kind and key, one per line.</summary>
    public const string Channel = "cc_instance_signals";

    private readonly ConcurrentDictionary<string, ConcurrentBag<Action<string>>> _handlers = new(StringComparer.Ordinal);

    private readonly Channel<Signal> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });

    public InstanceSignals(InstancesSettings settings, Tenancy.DatabaseSettings database)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(database);
        Transport = settings.TransportFor(database.Provider);
        Instance = settings.Name is { Length: > 0 } name ? name : $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    public SignalTransport Transport { get; }

    /// <summary>This instance's name; its own signals come back to it and are passed over.</summary>
    public string Instance { get; }

    /// <summary>Signals still to be sent to the other instances (read by the transport).</summary>
    internal ChannelReader<Signal> Outgoing => _outgoing.Reader;

    /// <summary>Calls <paramref name="handler"/> with the key of every change of <paramref name="kind"/>, this instance's and the others'.</summary>
    public void On(string kind, Action<string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.GetOrAdd(kind, _ => []).Add(handler);
    }

    /// <summary>Acts on the change here at once and tells the other instances.</summary>
    public void Publish(string kind, string key)
    {
        if (kind.Length > Data.Catalog.CatalogChange.KindMaxLength || key.Length > Data.Catalog.CatalogChange.KeyMaxLength || kind.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A signal's kind is at most {Data.Catalog.CatalogChange.KindMaxLength} characters on one line, its key at most {Data.Catalog.CatalogChange.KeyMaxLength}.", nameof(key));
        }

        Dispatch(kind, key);
        if (Transport != SignalTransport.InProcess)
        {
            _outgoing.Writer.TryWrite(new Signal(kind, key));
        }
    }

    /// <summary>A change another instance announced; this instance's own are passed over (it acted on them when it made them).</summary>
    internal void Receive(string instance, string kind, string key)
    {
        if (!string.Equals(instance, Instance, StringComparison.Ordinal))
        {
            Dispatch(kind, key);
        }
    }

    private void Dispatch(string kind, string key)
    {
        if (_handlers.TryGetValue(kind, out var handlers))
        {
            foreach (var handler in handlers)
            {
                handler(key);
            }
        }
    }

    internal readonly record struct Signal(string Kind, string Key);
}
