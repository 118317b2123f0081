using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContactCenter.Server.Instances;

/// <summary>
/// Carries <see cref="InstanceSignals"/> between the instances: by PostgreSQL <c>NOTIFY</c> on the catalog database, or
/// by rows in the catalog's <c>CatalogChanges</c> that every instance reads each poll interval (the rows of the last
/// <see cref="Overlap"/> again, so that a row committed late or written by an instance whose clock is behind is still
/// seen; each row is acted on once). Signals that cannot be sent are logged and dropped: the caches they concern
/// expire on their own.
/// </summary>
public sealed partial class InstanceSignalsTransport(
    InstanceSignals signals, InstancesSettings settings, DatabaseSettings database, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<InstanceSignalsTransport> logger) : BackgroundService
{
    /// <summary>How far back each poll reads again.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    /// <summary>How long change rows are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => signals.Transport switch
    {
        SignalTransport.Notify => NotifyAsync(stoppingToken),
        SignalTransport.Poll => PollAsync(stoppingToken),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// Sends the signals still waiting, for a process that does not run the transport (an operator's command): the
    /// instances then hear of what the command changed.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        switch (signals.Transport)
        {
            case SignalTransport.Notify:
                await using (var source = NpgsqlDataSource.Create(TenancyFeature.CatalogConnectionString(database)))
                {
                    await NotifyAsync(source, Drain(), cancellationToken);
                }

                break;
            case SignalTransport.Poll:
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await WriteChangesAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), cancellationToken);
                }

                break;
            default:
                Drain();
                break;
        }
    }

    private async Task NotifyAsync(CancellationToken stoppingToken)
    {
        await using var source = NpgsqlDataSource.Create(TenancyFeature.CatalogConnectionString(database));
        var sending = SendNotificationsAsync(source, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(source, stoppingToken);
            }
            catch (Exception failure) when (failure is NpgsqlException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogReceiveFailed(failure);
                await Task.Delay(Pause, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
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
            if (e.Payload.Split('\n', 3) is [var instance, var kind, var key])
            {
                signals.Receive(instance, kind, key);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {InstanceSignals.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private async Task SendNotificationsAsync(NpgsqlDataSource source, CancellationToken stoppingToken)
    {
        while (await signals.Outgoing.WaitToReadAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
        {
            await NotifyAsync(source, Drain(), stoppingToken);
        }
    }

    private async Task NotifyAsync(NpgsqlDataSource source, List<InstanceSignals.Signal> pending, CancellationToken cancellationToken)
    {
        foreach (var signal in pending)
        {
            try
            {
                await using var notify = source.CreateCommand("SELECT pg_notify(@channel, @payload)");
                notify.Parameters.AddWithValue("channel", InstanceSignals.Channel);
                notify.Parameters.AddWithValue("payload", $"{signals.Instance}\n{signal.Kind}\n{signal.Key}");
                await notify.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is NpgsqlException or IOException or TimeoutException)
            {
                LogSendFailed(failure, signal.Kind);
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var since = clock.GetUtcNow().UtcDateTime;
        var seen = new Dictionary<Guid, DateTime>();
        var pruned = DateTime.MinValue;
        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
                await WriteChangesAsync(catalog, stoppingToken);
                var now = clock.GetUtcNow().UtcDateTime;
                var from = since - Overlap;
                var changes = await catalog.CatalogChanges.AsNoTracking().Where(c => c.At >= from).OrderBy(c => c.At).ToListAsync(stoppingToken);
                foreach (var change in changes.Where(c => seen.TryAdd(c.Id, c.At)))
                {
                    signals.Receive(change.Instance, change.Kind, change.Key);
                }

                since = now;
                foreach (var old in seen.Where(s => s.Value < from).Select(s => s.Key).ToList())
                {
                    seen.Remove(old);
                }

                if (now - pruned > TimeSpan.FromMinutes(1))
                {
                    var expired = now - Retention;
                    await catalog.CatalogChanges.Where(c => c.At < expired).ExecuteDeleteAsync(stoppingToken);
                    pruned = now;
                }
            }
            catch (Exception failure) when (failure is DbUpdateException or System.Data.Common.DbException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogReceiveFailed(failure);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    /// <summary>This instance's signals since the last poll, as change rows (one per kind and key).</summary>
    private async Task WriteChangesAsync(CatalogDbContext catalog, CancellationToken cancellationToken)
    {
        var pending = Drain();
        if (pending.Count == 0)
        {
            return;
        }

        var at = clock.GetUtcNow().UtcDateTime;
        catalog.CatalogChanges.AddRange(pending.Select(s => new CatalogChange { At = at, Instance = signals.Instance, Kind = s.Kind, Key = s.Key }));
        await catalog.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The signals waiting now, each kind and key once.</summary>
    private List<InstanceSignals.Signal> Drain()
    {
        var pending = new HashSet<InstanceSignals.Signal>();
        while (signals.Outgoing.TryRead(out var signal))
        {
            pending.Add(signal);
        }

        return [.. pending];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hearing the other instances' changes failed; trying again.")]
    private partial void LogReceiveFailed(Exception failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the other instances of a {Kind} change failed.")]
    private partial void LogSendFailed(Exception failure, string kind);
}
