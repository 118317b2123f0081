using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Pop3;
using ContactCenter.Mail.Smtp;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Net;

/// <summary>A server that stops answering breaks the connection with a typed error after the configured timeout.</summary>
public sealed class TimeoutAndCancellationShould
{
    private static MailConnectionOptions Options(TimeSpan timeout) => new() { Host = "stuck.example", Port = 1, Security = MailSecurity.None, Timeout = timeout };

    [Fact]
    public async Task TimeOutAnImapServerThatStopsAnswering()
    {
        var server = ScriptedServerStream.FromTranscript("S: * OK [CAPABILITY IMAP4rev1] ready", "C: A0001 NOOP", "S: <hang>");
        await using var client = new ImapClient();
        await client.ConnectAsync(server, Options(TimeSpan.FromMilliseconds(300)));

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.NoopAsync());

        Assert.Contains("did not respond", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task TimeOutAnSmtpServerThatNeverGreets()
    {
        var server = ScriptedServerStream.FromTranscript("S: <hang>");
        var client = new SmtpClient();

        await Assert.ThrowsAsync<MailConnectionException>(() => client.ConnectAsync(server, Options(TimeSpan.FromMilliseconds(300))));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task TimeOutAPop3ServerThatStallsMidMessage()
    {
        var server = ScriptedServerStream.FromTranscript("S: +OK ready", "C: CAPA", "S: -ERR", "C: RETR 1", "S: +OK", "S: Subject: half", "S: <hang>");
        await using var client = new Pop3Client();
        await client.ConnectAsync(server, Options(TimeSpan.FromMilliseconds(300)));

        await Assert.ThrowsAsync<MailConnectionException>(() => client.RetrieveAsync(1));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task LeaveACancelledSessionUnusable()
    {
        var server = ScriptedServerStream.FromTranscript("S: * OK [CAPABILITY IMAP4rev1] ready", "C: A0001 NOOP", "S: <hang>");
        await using var client = new ImapClient();
        await client.ConnectAsync(server, Options(TimeSpan.FromMinutes(1)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.NoopAsync(cancel.Token));

        // The answer to NOOP may still come; the session cannot tell it from the next one, so it is closed for use.
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MailConnectionException>(() => client.NoopAsync());
    }
}
