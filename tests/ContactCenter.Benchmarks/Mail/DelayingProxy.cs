using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ContactCenter.Benchmarks.Mail;

/// <summary>
/// A TCP proxy on loopback that adds latency like a distant server: every chunk is held for half the round-trip
/// time in each direction. It is a delay line, not a throttle: reading goes on while earlier chunks wait, so the
/// bandwidth stays that of loopback and only round trips cost.
/// </summary>
public sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly TimeSpan _oneWay;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly Task _accepting;

    private DelayingProxy(IPEndPoint target, TimeSpan roundTrip)
    {
        _target = target;
        _oneWay = roundTrip / 2;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Starts a proxy to <paramref name="target"/> that adds <paramref name="roundTrip"/> to every round trip.</summary>
    public static DelayingProxy Start(IPEndPoint target, TimeSpan roundTrip) => new(target, roundTrip);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            client.NoDelay = true;
            var server = new TcpClient { NoDelay = true };
            await server.ConnectAsync(_target, _stop.Token);
            lock (_tasks)
            {
                _tasks.Add(PipeAsync(client, server));
                _tasks.Add(PipeAsync(server, client));
            }
        }
    }

    private async Task PipeAsync(TcpClient from, TcpClient to)
    {
        var channel = Channel.CreateUnbounded<(byte[] Data, int Length, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(async () =>
        {
            var source = from.GetStream();
            try
            {
                while (true)
                {
                    var buffer = new byte[64 * 1024];
                    int n = await source.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    channel.Writer.TryWrite((buffer, n, Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency)));
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The connection ended; what was read still goes out below.
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        });

        var destination = to.GetStream();
        try
        {
            await foreach (var (data, length, due) in channel.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                await destination.WriteAsync(data.AsMemory(0, length), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side closed.
        }
        finally
        {
            to.Client.Shutdown(SocketShutdown.Send);
        }

        await reader;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }
}
