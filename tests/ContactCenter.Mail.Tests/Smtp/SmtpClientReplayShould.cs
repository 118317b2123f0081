using System.Text;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Smtp;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Smtp;

public sealed class SmtpClientReplayShould
{
    private static readonly MailConnectionOptions Options = new() { Host = "mail.example", Port = 25, Security = MailSecurity.None, ClientName = "client.example", Timeout = TimeSpan.FromSeconds(5) };

    private static readonly string[] Greeting =
    [
        "S: 220 mail.example ESMTP",
        "C: EHLO client.example",
        "S: 250-mail.example",
        "S: 250-SIZE 1000",
        "S: 250-8BITMIME",
        "S: 250-AUTH PLAIN LOGIN",
        "S: 250 PIPELINING",
    ];

    private static async Task<SmtpClient> ConnectAsync(ScriptedServerStream server)
    {
        var client = new SmtpClient();
        await client.ConnectAsync(server, Options);
        return client;
    }

    private static MemoryStream Message(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task SendDotStuffedDataAndReportEachRecipient()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: MAIL FROM:<a@example.org> SIZE=51",
            "S: 250 2.1.0 Ok",
            "C: RCPT TO:<b@example.org>",
            "S: 250 2.1.5 Ok",
            "C: RCPT TO:<nobody@example.org>",
            "S: 550 5.1.1 No such user",
            "C: DATA",
            "S: 354 End data with <CR><LF>.<CR><LF>",
            "C: Subject: x",
            "C: ",
            "C: ..leading dot",
            "C: ..",
            "C: last line no newline",
            "C: .",
            "S: 250 2.0.0 Ok: queued as 123",
            "C: QUIT",
            "S: 221 2.0.0 Bye"]);
        await using var client = await ConnectAsync(server);

        var result = await client.SendAsync("a@example.org", ["b@example.org", "nobody@example.org"],
            Message("Subject: x\r\n\r\n.leading dot\r\n.\r\nlast line no newline"));
        Assert.Equal(4, client.Extensions.Count);
        await client.QuitAsync();

        server.AssertCompleted();
        Assert.True(result.Recipients[0].Accepted);
        Assert.False(result.Recipients[1].Accepted);
        Assert.Equal(550, Assert.Single(result.Rejected).Response.Code);
        Assert.Equal(250, result.DataResponse.Code);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task TurnBareLineEndsIntoCrlfAndDeclareEightBit()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: MAIL FROM:<a@example.org> SIZE=11 BODY=8BITMIME",
            "S: 250 Ok",
            "C: RCPT TO:<b@example.org>",
            "S: 250 Ok",
            "C: DATA",
            "S: 354 go",
            "C: a",
            "C: b",
            "C: Grüße",
            "C: .",
            "S: 250 Ok"]);
        await using var client = await ConnectAsync(server);

        await client.SendAsync("a@example.org", ["b@example.org"], Message("a\nb\rGrüße"));

        server.AssertCompleted();
    }

    [Theory]
    [InlineData("evil@example.org>\r\nRCPT TO:<victim@example.org")]
    [InlineData("a@example.org\nDATA")]
    [InlineData("a@example.org> SIZE=1")]
    public async Task RefuseAddressesThatWouldInjectCommands(string address)
    {
        var server = ScriptedServerStream.FromTranscript(Greeting);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync("a@example.org", [address], Message("x\r\n")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(address, ["b@example.org"], Message("x\r\n")));

        // Nothing beyond EHLO reached the server.
        server.AssertCompleted();
        Assert.Equal("EHLO client.example\r\n", server.Written);
    }

    [Fact]
    public async Task RefuseCrLfInTheClientName()
    {
        var client = new SmtpClient();
        var server = ScriptedServerStream.FromTranscript("S: 220 hi");

        await Assert.ThrowsAsync<ArgumentException>(() => client.ConnectAsync(server, Options with { ClientName = "x\r\nMAIL FROM:<a@b>" }));
        Assert.Equal(string.Empty, server.Written);
    }

    [Fact]
    public async Task AuthenticateWithLoginChallenges()
    {
        var server = ScriptedServerStream.FromTranscript([
            "S: 220 mail.example ESMTP",
            "C: EHLO client.example",
            "S: 250-mail.example",
            "S: 250 AUTH LOGIN",
            "C: AUTH LOGIN",
            "S: 334 VXNlcm5hbWU6",
            "C: " + Convert.ToBase64String("user@example.org"u8),
            "S: 334 UGFzc3dvcmQ6",
            "C: " + Convert.ToBase64String("pässword"u8.ToArray()),
            "S: 235 2.7.0 Authentication successful"]);
        await using var client = await ConnectAsync(server);

        await client.AuthenticateAsync(new PasswordCredentials("user@example.org", "pässword"));

        server.AssertCompleted();
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task ThrowAuthenticationErrorOnRejectedCredentials()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: AUTH PLAIN " + Convert.ToBase64String("\0u\0wrong"u8),
            "S: 535 5.7.8 Error: authentication failed"]);
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new PasswordCredentials("u", "wrong")));

        Assert.Contains("535", error.ServerResponse, StringComparison.Ordinal);
        Assert.False(client.IsAuthenticated);
    }

    [Fact]
    public async Task AuthenticateWithXOAuth2AndEndAFailedExchange()
    {
        string initial = Convert.ToBase64String("user=u@example.org\u0001auth=Bearer tok\u0001\u0001"u8);
        var server = ScriptedServerStream.FromTranscript([
            "S: 220 mail.example ESMTP",
            "C: EHLO client.example",
            "S: 250-mail.example",
            "S: 250 AUTH XOAUTH2 PLAIN",
            "C: AUTH XOAUTH2 " + initial,
            "S: 334 eyJzdGF0dXMiOiI0MDEifQ==",
            "C: ",
            "S: 535 5.7.3 Authentication unsuccessful"]);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new OAuth2Credentials("u@example.org", "tok")));
        server.AssertCompleted();
    }

    [Fact]
    public async Task ResetAndThrowWhenEveryRecipientIsRefused()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: MAIL FROM:<> SIZE=3",
            "S: 250 Ok",
            "C: RCPT TO:<x@example.org>",
            "S: 554 5.7.1 Relay access denied",
            "C: RSET",
            "S: 250 Ok"]);
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<MailCommandException>(() => client.SendAsync(string.Empty, ["x@example.org"], Message("x\r\n")));

        Assert.Equal("554", error.Status);
        server.AssertCompleted();
    }

    [Fact]
    public async Task RefuseMessagesLargerThanTheAnnouncedSize()
    {
        var server = ScriptedServerStream.FromTranscript(Greeting);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.SendAsync("a@example.org", ["b@example.org"], Message(new string('x', 1001))));
        server.AssertCompleted();
    }

    [Fact]
    public async Task DeclareSmtpUtf8ForInternationalAddresses()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: 220 mail.example ESMTP",
            "C: EHLO client.example",
            "S: 250-mail.example",
            "S: 250-SIZE 1000",
            "S: 250 SMTPUTF8",
            "C: MAIL FROM:<jörg@example.org> SMTPUTF8 SIZE=3",
            "S: 250 Ok",
            "C: RCPT TO:<müller@bücher.example>",
            "S: 250 Ok",
            "C: DATA",
            "S: 354 go",
            "C: x",
            "C: .",
            "S: 250 Ok");
        await using var client = await ConnectAsync(server);

        await client.SendAsync("jörg@example.org", ["müller@bücher.example"], Message("x\r\n"));

        server.AssertCompleted();
    }

    [Fact]
    public async Task RequireSmtpUtf8ForInternationalAddresses()
    {
        var server = ScriptedServerStream.FromTranscript(Greeting);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.SendAsync("jörg@example.org", ["b@example.org"], Message("x\r\n")));
    }

    [Fact]
    public async Task RefuseToContinueWithoutStartTlsWhenRequired()
    {
        var server = ScriptedServerStream.FromTranscript(Greeting);
        var client = new SmtpClient();

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.ConnectAsync(server, Options with { Security = MailSecurity.StartTls }));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task FallBackToHeloWhenEhloIsUnknown()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: 220 old.example",
            "C: EHLO client.example",
            "S: 502 Command not implemented",
            "C: HELO client.example",
            "S: 250 old.example");
        await using var client = await ConnectAsync(server);

        server.AssertCompleted();
        Assert.Empty(client.Extensions);
    }

    [Fact]
    public async Task ThrowConnectionErrorWhenTheServerHangsUpDuringData()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: MAIL FROM:<a@example.org> SIZE=3",
            "S: 250 Ok",
            "C: RCPT TO:<b@example.org>",
            "S: 250 Ok",
            "C: DATA",
            "S: 354 go",
            "C: x",
            "C: .",
            "S: <close>"]);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailConnectionException>(() => client.SendAsync("a@example.org", ["b@example.org"], Message("x\r\n")));
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MailConnectionException>(() => client.NoopAsync());
    }

    [Theory]
    [InlineData("S: 250-first", "S: 251 second")]
    [InlineData("S: 25", "S: 250 x")]
    [InlineData("S: hello", "S: 250 x")]
    public async Task ThrowProtocolErrorOnMalformedReplies(string first, string second)
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting, "C: NOOP", first, second]);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailProtocolException>(() => client.NoopAsync());
    }

    [Fact]
    public async Task RefuseAnEndlessReplyLine()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting, "C: NOOP", "S: 250 " + new string('x', 200_000)]);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailProtocolException>(() => client.NoopAsync());
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task RefuseASessionTheServerDeclines()
    {
        var server = ScriptedServerStream.FromTranscript("S: 554 No SMTP service here");
        var client = new SmtpClient();

        var error = await Assert.ThrowsAsync<MailCommandException>(() => client.ConnectAsync(server, Options));
        Assert.Equal("554", error.Status);
    }

    [Fact]
    public async Task DeclareEightBitForAForwardOnlyStream()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: MAIL FROM:<a@example.org> BODY=8BITMIME",
            "S: 250 Ok",
            "C: RCPT TO:<b@example.org>",
            "S: 250 Ok",
            "C: DATA",
            "S: 354 go",
            "C: Grüße",
            "C: .",
            "S: 250 Ok"]);
        await using var client = await ConnectAsync(server);

        await client.SendAsync("a@example.org", ["b@example.org"], new ForwardOnlyStream(Message("Grüße\r\n")));

        server.AssertCompleted();
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
