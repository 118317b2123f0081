using System.Net;
using System.Net.Sockets;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>
/// A TCP proxy on loopback between the server process and PostgreSQL that can be cut like a failed network: cutting
/// closes every open connection and closes new ones as soon as they are accepted, until it is mended.
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _open = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;
    private bool _cut;

    public CuttingProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted while the proxy was whole.</summary>
    public int Connections { get; private set; }

    /// <summary>Closes every connection and refuses new ones.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _cut = true;
            foreach (var (client, server) in _open)
            {
                client.Dispose();
                server.Dispose();
            }

            _open.Clear();
        }
    }

    public void Mend()
    {
        lock (_lock)
        {
            _cut = false;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ConnectAsync(client));
        }
    }

    private async Task ConnectAsync(TcpClient client)
    {
        var server = new TcpClient { NoDelay = true };
        try
        {
            lock (_lock)
            {
                if (_cut)
                {
                    client.Dispose();
                    server.Dispose();
                    return;
                }
            }

            await server.ConnectAsync(_target, _stop.Token);
            lock (_lock)
            {
                if (_cut)
                {
                    client.Dispose();
                    server.Dispose();
                    return;
                }

                _open.Add((client, server));
                Connections++;
            }

            client.NoDelay = true;
            await Task.WhenAny(PipeAsync(client, server), PipeAsync(server, client));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The other side went away, or the proxy was cut.
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove((client, server));
            }

            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PipeAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut or closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
