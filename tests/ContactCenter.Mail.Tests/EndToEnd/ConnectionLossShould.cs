using System.Diagnostics;
using System.Net.Sockets;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Pop3;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.EndToEnd;

/// <summary>
/// Dovecot kills the session (doveadm kick) while a large fetch is in flight: the client must raise a typed error,
/// hand back nothing half-read, and refuse further use. Erin's mailbox belongs to this class.
/// </summary>
public sealed class ConnectionLossShould
{
    private const string User = "erin";
    private const int MessageSize = 10 * 1024 * 1024;

    private static MailServices Services => MailServices.Current;

    private static async Task EnsureLargeMessagesAsync()
    {
        await using var imap = new ImapClient();
        await imap.ConnectAsync(Services.Options(Services.ImapsPort, MailSecurity.ImplicitTls));
        await imap.AuthenticateAsync(MailServices.Credentials(User));
        var status = await imap.SelectAsync("INBOX");
        var present = await imap.UidSearchAsync("ALL");
        if (present.Count > 0 && (await imap.UidFetchAsync(present, ImapFetchItems.Size)).Any(m => m.Size < MessageSize))
        {
            // Left from an older version of this test with smaller messages.
            await imap.UidStoreFlagsAsync(present, ImapStoreAction.Add, ["\\Deleted"]);
            await imap.ExpungeAsync();
            status = status with { Exists = 0 };
        }

        for (uint i = status.Exists; i < 3; i++)
        {
            var attachment = TestMessages.WithAttachment("frank@cc.test", "erin@cc.test", "large " + i, "large", TestMessages.Random(MessageSize, (int)i), "big.bin", "application/octet-stream");
            await imap.AppendAsync("INBOX", attachment.Bytes);
        }

        await imap.LogoutAsync();
    }

    /// <summary>A plain connection whose reads are slowed down, so the transfer is still running when the kick comes.</summary>
    private static async Task<ThrottledStream> SlowConnectionAsync(int port)
    {
        // A small receive buffer keeps the kernel from taking in most of the message before the kick.
        var tcp = new TcpClient { ReceiveBufferSize = 64 * 1024 };
        await tcp.ConnectAsync(Services.Host, port);
        return new ThrottledStream(tcp.GetStream(), 32 * 1024, TimeSpan.FromMilliseconds(2), signalAfter: 512 * 1024);
    }

    private static async Task KickAsync()
    {
        var start = new ProcessStartInfo("doveadm") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Services.DovecotConfig, "kick", MailServices.Address(User) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "doveadm kick failed: " + output);
    }

    [Fact]
    public async Task RaiseAConnectionErrorWhenTheImapSessionIsKilledMidFetch()
    {
        await EnsureLargeMessagesAsync();
        var stream = await SlowConnectionAsync(Services.ImapPort);
        await using var client = new ImapClient();
        await client.ConnectAsync(stream, Services.Options(Services.ImapPort, MailSecurity.None));
        await client.AuthenticateAsync(MailServices.Credentials(User));
        await client.SelectAsync("INBOX");
        var uids = await client.UidSearchAsync("ALL");

        var fetch = client.UidFetchAsync(uids, ImapFetchItems.All);
        await stream.TransferStarted.WaitAsync(TimeSpan.FromSeconds(30));
        await KickAsync();

        await Assert.ThrowsAsync<MailConnectionException>(() => fetch);
        Assert.True(stream.BytesRead < uids.Count * (long)MessageSize, "The fetch finished before the kick; the test proves nothing.");
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MailConnectionException>(() => client.NoopAsync());
    }

    [Fact]
    public async Task RaiseAConnectionErrorWhenThePop3SessionIsKilledMidRetrieve()
    {
        await EnsureLargeMessagesAsync();
        var stream = await SlowConnectionAsync(Services.Pop3Port);
        await using var client = new Pop3Client();
        await client.ConnectAsync(stream, Services.Options(Services.Pop3Port, MailSecurity.None));
        await client.AuthenticateAsync(MailServices.Credentials(User));
        using var sink = new MemoryStream();

        var retrieve = client.RetrieveAsync(1, sink);
        await stream.TransferStarted.WaitAsync(TimeSpan.FromSeconds(30));
        await KickAsync();

        await Assert.ThrowsAsync<MailConnectionException>(() => retrieve);
        Assert.True(sink.Length < MessageSize, "The message arrived whole before the kick; the test proves nothing.");
        Assert.False(client.IsConnected);
    }
}
