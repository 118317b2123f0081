using System.Text;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Pop3;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Pop3;

public sealed class Pop3ClientReplayShould
{
    private static readonly MailConnectionOptions Options = new() { Host = "pop.example", Port = 110, Security = MailSecurity.None, Timeout = TimeSpan.FromSeconds(5) };

    private static readonly string[] Greeting =
    [
        "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
        "C: CAPA",
        "S: +OK Capability list follows",
        "S: TOP",
        "S: USER",
        "S: UIDL",
        "S: SASL PLAIN XOAUTH2",
        "S: PIPELINING",
        "S: .",
    ];

    private static async Task<Pop3Client> ConnectAsync(ScriptedServerStream server)
    {
        var client = new Pop3Client();
        await client.ConnectAsync(server, Options);
        return client;
    }

    [Fact]
    public async Task RunAWholeSessionAndUndoDotStuffing()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: AUTH PLAIN " + Convert.ToBase64String("\0u@example.org\0pw"u8),
            "S: +OK Logged in.",
            "C: STAT",
            "S: +OK 2 320",
            "C: LIST",
            "S: +OK 2 messages:",
            "S: 1 120",
            "S: 2 200",
            "S: .",
            "C: UIDL",
            "S: +OK",
            "S: 1 whqtswO00WBw418f9t5JxYwZ",
            "S: 2 QhdPYR:00WBw1Ph7x7",
            "S: .",
            "C: RETR 1",
            "S: +OK 120 octets",
            "S: Subject: dots",
            "S: ",
            "S: ..one dot",
            "S: ...two dots",
            "S: .. ",
            "S: middle . dot",
            "S: .",
            "C: TOP 2 0",
            "S: +OK",
            "S: Subject: second",
            "S: ",
            "S: .",
            "C: DELE 1",
            "S: +OK message 1 deleted",
            "C: RSET",
            "S: +OK maildrop has 2 messages",
            "C: NOOP",
            "S: +OK",
            "C: QUIT",
            "S: +OK dewey POP3 server signing off"]);
        await using var client = await ConnectAsync(server);

        await client.AuthenticateAsync(new PasswordCredentials("u@example.org", "pw"));
        var stat = await client.StatAsync();
        var list = await client.ListAsync();
        var uids = await client.UidlAsync();
        var message = await client.RetrieveAsync(1);
        var top = await client.TopAsync(2, 0);
        await client.DeleteAsync(1);
        await client.ResetAsync();
        await client.NoopAsync();
        await client.QuitAsync();

        server.AssertCompleted();
        Assert.Equal((2, 320L), stat);
        Assert.Equal([new Pop3MessageInfo(1, 120), new Pop3MessageInfo(2, 200)], list);
        Assert.Equal("QhdPYR:00WBw1Ph7x7", uids[1].Uid);
        Assert.Equal("Subject: dots\r\n\r\n.one dot\r\n..two dots\r\n. \r\nmiddle . dot\r\n", Encoding.UTF8.GetString(message));
        Assert.Equal("Subject: second\r\n\r\n", Encoding.UTF8.GetString(top));
        Assert.Contains("UIDL", client.Capabilities);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task FallBackToUserAndPassWithoutCapa()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: +OK ready",
            "C: CAPA",
            "S: -ERR unknown command",
            "C: USER u",
            "S: +OK",
            "C: PASS secret with spaces",
            "S: +OK maildrop locked and ready");
        await using var client = await ConnectAsync(server);

        await client.AuthenticateAsync(new PasswordCredentials("u", "secret with spaces"));

        server.AssertCompleted();
        Assert.Empty(client.Capabilities);
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task ThrowAuthenticationErrorOnARejectedPassword()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: +OK ready",
            "C: CAPA",
            "S: +OK",
            "S: USER",
            "S: .",
            "C: USER u",
            "S: +OK",
            "C: PASS wrong",
            "S: -ERR [AUTH] Authentication failed.");
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new PasswordCredentials("u", "wrong")));
        Assert.Contains("[AUTH]", error.ServerResponse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusePasswordsThatWouldInjectCommands()
    {
        var server = ScriptedServerStream.FromTranscript("S: +OK ready", "C: CAPA", "S: -ERR");
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<ArgumentException>(() => client.AuthenticateAsync(new PasswordCredentials("u", "pw\r\nDELE 1")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AuthenticateAsync(new PasswordCredentials("u\r\nDELE 1", "pw")));
        server.AssertCompleted();
    }

    [Fact]
    public async Task CancelAFailedXOAuth2Exchange()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: AUTH XOAUTH2 " + Convert.ToBase64String("user=u\u0001auth=Bearer t\u0001\u0001"u8),
            "S: + eyJzdGF0dXMiOiI0MDEifQ==",
            "C: *",
            "S: -ERR authentication cancelled"]);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new OAuth2Credentials("u", "t")));
        server.AssertCompleted();
    }

    [Fact]
    public async Task ThrowConnectionErrorWhenTheConnectionDiesMidMessage()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting,
            "C: RETR 1",
            "S: +OK",
            "S: Subject: cut",
            "S: ",
            "S: half a mess",
            "S: <close>"]);
        await using var client = await ConnectAsync(server);
        using var sink = new MemoryStream();

        await Assert.ThrowsAsync<MailConnectionException>(() => client.RetrieveAsync(1, sink));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task ReportAMissingMessageAsACommandError()
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting, "C: RETR 9", "S: -ERR no such message", "C: NOOP", "S: +OK"]);
        await using var client = await ConnectAsync(server);

        var error = await Assert.ThrowsAsync<MailCommandException>(() => client.RetrieveAsync(9));
        await client.NoopAsync();

        Assert.Equal("RETR", error.Command);
        server.AssertCompleted();
    }

    [Theory]
    [InlineData("S: OK fine")]
    [InlineData("S: +OK many octets")]
    public async Task ThrowProtocolErrorOnMalformedAnswers(string answer)
    {
        var server = ScriptedServerStream.FromTranscript([.. Greeting, "C: STAT", answer]);
        await using var client = await ConnectAsync(server);

        await Assert.ThrowsAsync<MailProtocolException>(() => client.StatAsync());
    }

    [Fact]
    public async Task RefuseToContinueWithoutStlsWhenRequired()
    {
        var server = ScriptedServerStream.FromTranscript(Greeting);
        var client = new Pop3Client();

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.ConnectAsync(server, Options with { Security = MailSecurity.StartTls }));
        Assert.False(client.IsConnected);
    }
}
