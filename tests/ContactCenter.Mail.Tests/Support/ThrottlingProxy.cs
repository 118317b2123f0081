using System.Net;
using System.Net.Sockets;

namespace ContactCenter.Mail.Tests.Support;

/// <summary>
/// A one-connection TCP proxy on loopback whose server-to-client direction is slowed down (<see cref="ThrottledStream"/>),
/// so that a large response is still in flight when a test cuts the server off. The client connects to
/// <see cref="Port"/> through the real connection code.
/// </summary>
public sealed class ThrottlingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource<ThrottledStream> _server = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _running;

    public ThrottlingProxy(string host, int port)
    {
        _listener.Start();
        _running = RunAsync(host, port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The throttled stream from the server, once a client has connected.</summary>
    public Task<ThrottledStream> Server => _server.Task;

    private async Task RunAsync(string host, int port)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        // A small receive buffer keeps the kernel from taking in most of the response before the cut.
        using var upstream = new TcpClient { ReceiveBufferSize = 64 * 1024 };
        await upstream.ConnectAsync(host, port);
        var server = new ThrottledStream(upstream.GetStream(), 32 * 1024, TimeSpan.FromMilliseconds(2), signalAfter: 512 * 1024);
        _server.SetResult(server);
        var toServer = client.GetStream().CopyToAsync(upstream.GetStream());
        var toClient = server.CopyToAsync(client.GetStream());
        await Task.WhenAny(toServer, toClient);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _running;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // One side closed mid-transfer, which is what the tests do.
        }
    }
}
