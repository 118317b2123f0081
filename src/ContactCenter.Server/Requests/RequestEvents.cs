using System.Collections.Concurrent;
using System.Threading.Channels;
using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Npgsql;

namespace ContactCenter.Server.Requests;

/// <summary>
/// "The requests of a tenant changed", for live views (the inbox): every tenant database context raises it after a
/// save that touched requests (<see cref="TenantDbContext.RequestsSaved"/>), and the subscribers of that tenant are
/// woken. A subscriber learns only that something changed; what it may see it reads again through its own scope.
/// On PostgreSQL the signal travels through <c>NOTIFY</c> on the catalog database, so every instance's subscribers
/// hear of every instance's changes (<see cref="RequestEventsListener"/>); on SQLite (one instance) it stays in process.
/// </summary>
public sealed class RequestEvents(DatabaseSettings database) : ITenantContextHook
{
    /// <summary>The PostgreSQL channel; the payload is the tenant's id.</summary>
    public const string Channel = "cc_request_changes";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<bool>, byte>> _subscribers = new();

    private readonly Channel<Guid> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Whether changes travel through the catalog database (several instances) rather than in process.</summary>
    public bool AcrossInstances { get; } = database.Provider == DatabaseProvider.Postgres;

    /// <summary>Tenant ids whose change is still to be announced to the other instances (read by the listener).</summary>
    internal ChannelReader<Guid> Outgoing => _outgoing.Reader;

    /// <summary>Lets <paramref name="db"/> (a context of tenant <paramref name="tenantId"/>) announce its request changes.</summary>
    public void Opened(TenantDbContext db, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.RequestsSaved += (_, _) => Publish(tenantId);
    }

    /// <summary>Announces that requests of the tenant changed.</summary>
    public void Publish(Guid tenantId)
    {
        if (AcrossInstances)
        {
            _outgoing.Writer.TryWrite(tenantId);
        }
        else
        {
            Dispatch(tenantId);
        }
    }

    /// <summary>Wakes the tenant's subscribers of this instance.</summary>
    internal void Dispatch(Guid tenantId)
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

/// <summary>
/// On PostgreSQL: listens on <see cref="RequestEvents.Channel"/> of the catalog database and wakes this instance's
/// subscribers, and announces this instance's changes there with <c>pg_notify</c>. A broken connection is opened
/// again after a pause; what was announced meanwhile is lost, which costs a live view one refresh, nothing else.
/// </summary>
public sealed partial class RequestEventsListener(RequestEvents events, DatabaseSettings database, ILogger<RequestEventsListener> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!events.AcrossInstances)
        {
            return;
        }

        await using var source = NpgsqlDataSource.Create(TenancyFeature.CatalogConnectionString(database));
        var sending = SendAsync(source, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(source, stoppingToken);
            }
            catch (Exception failure) when (failure is NpgsqlException or System.IO.IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(failure);
                await Task.Delay(Pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await sending.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ListenAsync(NpgsqlDataSource source, CancellationToken stoppingToken)
    {
        await using var connection = await source.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            if (Guid.TryParse(e.Payload, out var tenantId))
            {
                events.Dispatch(tenantId);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {RequestEvents.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private async Task SendAsync(NpgsqlDataSource source, CancellationToken stoppingToken)
    {
        await foreach (var tenantId in events.Outgoing.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var notify = source.CreateCommand("SELECT pg_notify(@channel, @tenant)");
                notify.Parameters.AddWithValue("channel", RequestEvents.Channel);
                notify.Parameters.AddWithValue("tenant", tenantId.ToString("D"));
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                LogNotifyFailed(failure);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for request changes failed; trying again in 5 s.")]
    private partial void LogListenFailed(Exception failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing a request change to the other instances failed.")]
    private partial void LogNotifyFailed(Exception failure);
}
