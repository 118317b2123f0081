using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using ContactCenter.Mail.Connections;

namespace ContactCenter.Benchmarks.Mail;

/// <summary>
/// Fetching 5,000 messages (about 50 KB each) from the local Dovecot with MailKit's ImapClient through our seam
/// (<see cref="MailInbox"/>): many messages per batch (UID FETCH of flags and dates, then of the bodies)
/// versus one command per message, directly on loopback and through a proxy adding 20 ms per round trip. Each
/// benchmark's time is per message (OperationsPerInvoke), so messages/s = 1 / Mean. One-by-one through the proxy fetches
/// only the first 250 messages: 5,000 round trips of 20 ms would take 100 s per iteration.
/// Run (services up): <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- --filter *ImapFetch* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class ImapFetchBenchmarks
{
    public const int Messages = 5000;
    private const int MessageSize = 50 * 1024;
    private const int Batch = 500;
    private const int OneByOneViaProxy = 250;
    private MailInbox _direct = null!;
    private MailInbox _proxied = null!;
    private MailInbox _tls = null!;
    private DelayingProxy _proxy = null!;
    private IReadOnlyList<string> _uids = null!;

    /// <summary>Total bytes of the 5,000 messages, for MB/s.</summary>
    public static long TotalBytes { get; private set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        TotalBytes = BenchMailbox.EnsureFilled(Messages, MessageSize);
        var services = BenchMailbox.Services();
        int port = int.Parse(services["CC_MAIL_IMAP_PORT"], CultureInfo.InvariantCulture);
        _proxy = DelayingProxy.Start(new IPEndPoint(IPAddress.Parse(services["CC_MAIL_HOST"]), port), TimeSpan.FromMilliseconds(20));
        _direct = await OpenAsync(services["CC_MAIL_HOST"], port);
        _proxied = await OpenAsync("127.0.0.1", _proxy.Port);
        _tls = await OpenAsync(services["CC_MAIL_HOST"], int.Parse(services["CC_MAIL_IMAPS_PORT"], CultureInfo.InvariantCulture),
            X509CertificateLoader.LoadCertificateFromFile(services["CC_MAIL_CA"]));
        _uids = await _direct.ListUidsAsync(CancellationToken.None);
        if (_uids.Count != Messages)
        {
            throw new InvalidOperationException($"The bench mailbox holds {_uids.Count} messages, not {Messages}.");
        }

        Console.WriteLine($"// bench mailbox: {Messages} messages, {TotalBytes / 1e6:0.0} MB, {TotalBytes / Messages} bytes per message");
    }

    private static async Task<MailInbox> OpenAsync(string host, int port, X509Certificate2? ca = null)
    {
        // Plain IMAP on loopback measures the client's own cost; with a CA, implicit TLS (IMAPS) adds the encryption.
        var endpoint = new MailEndpoint(host, port, ca is null ? MailSecurity.None : MailSecurity.ImplicitTls, BenchMailbox.User, BenchMailbox.Password);
        var settings = new MailConnectionSettings { ExtraTrustedCa = ca, Timeout = TimeSpan.FromMinutes(5) };
        return await MailInbox.OpenAsync(InboxProtocol.Imap, endpoint, "INBOX", readOnly: false, settings, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _direct.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _proxied.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _tls.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task<long> BatchedDirect() => FetchBatchedAsync(_direct);

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task<long> BatchedDirectTls() => FetchBatchedAsync(_tls);

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task<long> OneByOneDirect() => FetchOneByOneAsync(_direct, Messages);

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task<long> BatchedViaProxy() => FetchBatchedAsync(_proxied);

    [Benchmark(OperationsPerInvoke = OneByOneViaProxy)]
    public Task<long> OneByOneViaProxy20ms() => FetchOneByOneAsync(_proxied, OneByOneViaProxy);

    private async Task<long> FetchBatchedAsync(MailInbox inbox)
    {
        long bytes = 0;
        for (int i = 0; i < _uids.Count; i += Batch)
        {
            foreach (var message in await inbox.FetchAsync([.. _uids.Skip(i).Take(Batch)], CancellationToken.None))
            {
                bytes += message.Raw.Length;
            }
        }

        return Check(bytes, _uids.Count);
    }

    private async Task<long> FetchOneByOneAsync(MailInbox inbox, int count)
    {
        long bytes = 0;
        for (int i = 0; i < count; i++)
        {
            var messages = await inbox.FetchAsync([_uids[i]], CancellationToken.None);
            bytes += messages[0].Raw.Length;
        }

        return Check(bytes, count);
    }

    private static long Check(long bytes, int count) =>
        count == Messages && bytes != TotalBytes ? throw new InvalidOperationException($"Fetched {bytes} bytes, expected {TotalBytes}.") : bytes;
}
