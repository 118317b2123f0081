using System.Text;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Imap;

/// <summary>Edge cases a real server will not produce on demand, replayed from transcripts.</summary>
public sealed class ImapClientReplayShould
{
    private static readonly MailConnectionOptions Options = new() { Host = "imap.example", Port = 143, Security = MailSecurity.None, Timeout = TimeSpan.FromSeconds(5) };

    private const string Capabilities = "IMAP4rev1 SASL-IR LITERAL+ UIDPLUS MOVE AUTH=PLAIN";

    private static string[] Selected(string capabilities = Capabilities) =>
    [
        $"S: * OK [CAPABILITY {capabilities}] ready",
        "C: A0001 SELECT INBOX",
        "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
        "S: * OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Flags permitted.",
        "S: * 2 EXISTS",
        "S: * 0 RECENT",
        "S: * OK [UIDVALIDITY 3857529045] UIDs valid",
        "S: * OK [UIDNEXT 4392] Predicted next UID",
        "S: A0001 OK [READ-WRITE] SELECT completed",
    ];

    private static async Task<ImapClient> SelectedClientAsync(ScriptedServerStream server)
    {
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);
        await client.SelectAsync("INBOX");
        return client;
    }

    [Fact]
    public async Task ReadSelectStateAndFetchBodiesSentAsLiterals()
    {
        string body1 = "Subject: one\r\n\r\nHello\r\n) not the end (\r\n";
        var server = ScriptedServerStream.FromTranscript([.. Selected(),
            "C: A0002 UID FETCH 4390:4391 (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])"]);
        server.Server($"* 1 FETCH (UID 4390 FLAGS (\\Seen $Label) INTERNALDATE \" 2-Dec-2026 03:04:05 +0100\" RFC822.SIZE {Encoding.UTF8.GetByteCount(body1)} BODY[] {{{Encoding.UTF8.GetByteCount(body1)}}}\r\n{body1})\r\n");
        server.Server("* 2 FETCH (UID 4391 FLAGS () INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4 BODY[] \"a\\\"b\")\r\n");
        server.Server("A0002 OK Fetch completed.\r\n");
        await using var client = await SelectedClientAsync(server);

        Assert.Equal(2u, client.SelectedCount);
        var messages = await client.UidFetchAsync([4391, 4390], ImapFetchItems.All);

        server.AssertCompleted();
        Assert.Equal([4390u, 4391u], messages.Select(m => m.Uid));
        Assert.Equal(body1, Encoding.UTF8.GetString(messages[0].Body!));
        Assert.Equal(["\\Seen", "$Label"], messages[0].Flags!);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 3, 4, 5, TimeSpan.FromHours(1)), messages[0].InternalDate);
        Assert.Equal("a\"b", Encoding.UTF8.GetString(messages[1].Body!));
        Assert.Equal(new DateTimeOffset(1996, 7, 17, 2, 44, 25, TimeSpan.FromHours(-7)), messages[1].InternalDate);
        Assert.Empty(messages[1].Flags!);
    }

    [Fact]
    public async Task ReportTheSelectedMailboxState()
    {
        var server = ScriptedServerStream.FromTranscript(Selected());
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        var status = await client.SelectAsync("INBOX");

        Assert.Equal(3857529045u, status.UidValidity);
        Assert.Equal(4392u, status.UidNext);
        Assert.Equal(2u, status.Exists);
        Assert.Contains("\\*", status.PermanentFlags);
        Assert.Equal(5, status.Flags.Count);
        Assert.False(status.ReadOnly);
    }

    [Fact]
    public async Task TrackUnsolicitedResponsesAndIgnoreUnaskedFetches()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected(),
            "C: A0002 UID FETCH 7 (UID FLAGS)",
            "S: * 5 EXISTS",
            "S: * 1 FETCH (FLAGS (\\Deleted))",
            "S: * 2 FETCH (UID 7 FLAGS (\\Seen))",
            "S: * 9 FETCH (UID 99 FLAGS (\\Seen))",
            "S: * 1 EXPUNGE",
            "S: * OK [ALERT] Mailbox is almost full",
            "S: A0002 OK done",
            "C: A0003 NOOP",
            "S: * 3 EXPUNGE",
            "S: A0003 OK NOOP completed"]);
        await using var client = await SelectedClientAsync(server);

        var messages = await client.UidFetchAsync([7], ImapFetchItems.Flags);
        Assert.Equal(4u, client.SelectedCount);
        uint afterNoop = await client.NoopAsync();

        server.AssertCompleted();
        var message = Assert.Single(messages);
        Assert.Equal(7u, message.Uid);
        Assert.Null(message.Body);
        Assert.Equal(3u, afterNoop);
    }

    [Fact]
    public async Task MergeItemsTheServerSplitsOverSeveralFetchResponses()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected(),
            "C: A0002 UID FETCH 7 (UID FLAGS RFC822.SIZE)",
            "S: * 2 FETCH (UID 7 FLAGS (\\Seen))",
            "S: * 2 FETCH (UID 7 RFC822.SIZE 1234)",
            "S: A0002 OK done"]);
        await using var client = await SelectedClientAsync(server);

        var message = Assert.Single(await client.UidFetchAsync([7], ImapFetchItems.Flags | ImapFetchItems.Size));

        Assert.Equal(1234, message.Size);
        Assert.Equal(["\\Seen"], message.Flags!);
    }

    [Fact]
    public async Task ThrowConnectionErrorWhenTheServerSaysByeMidCommand()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected(),
            "C: A0002 UID FETCH 1:2 (UID BODY.PEEK[])",
            "S: * 1 FETCH (UID 1 BODY[] {3}",
            "S: abc)",
            "S: * BYE Server shutting down for maintenance",
            "S: <close>"]);
        await using var client = await SelectedClientAsync(server);

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.UidFetchAsync([1, 2], ImapFetchItems.Body));

        Assert.Contains("shutting down for maintenance", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MailConnectionException>(() => client.NoopAsync());
    }

    [Fact]
    public async Task ThrowConnectionErrorWhenTheConnectionDiesInsideALiteral()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected(),
            "C: A0002 UID FETCH 1 (UID BODY.PEEK[])"]);
        server.Server("* 1 FETCH (UID 1 BODY[] {100000}\r\nFrom: a@example.org\r\nSubject: cut off").Close_();
        await using var client = await SelectedClientAsync(server);

        await Assert.ThrowsAsync<MailConnectionException>(() => client.UidFetchAsync([1], ImapFetchItems.Body));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task FetchListAndAskForCapabilitiesWhenTheGreetingHasNone()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK IMAP server ready",
            "C: A0001 CAPABILITY",
            "S: * CAPABILITY IMAP4rev1 AUTH=LOGIN",
            "S: A0001 OK done",
            "C: A0002 LIST \"\" \"*\"",
            "S: * LIST (\\HasNoChildren) \"/\" INBOX",
            "S: * LIST (\\HasNoChildren \\Sent) \"/\" \"Sent \\\"Items\\\"\"",
            "S: * LIST (\\HasNoChildren) \"/\" {16}",
            "S: Entw&APw-rfe/a b",
            "S: * LIST (\\Noselect) NIL Public",
            "S: * LIST () \"/\" \"Odd \\\"name{3}\"",
            "S: A0002 OK LIST completed");
        await using var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        var mailboxes = await client.ListAsync();

        server.AssertCompleted();
        Assert.Contains("AUTH=LOGIN", client.Capabilities);
        Assert.Equal(["INBOX", "Sent \"Items\"", "Entwürfe/a b", "Public", "Odd \"name{3}"], mailboxes.Select(m => m.Name));
        Assert.Equal('/', mailboxes[0].Delimiter);
        Assert.Null(mailboxes[3].Delimiter);
        Assert.Contains("\\Sent", mailboxes[1].Attributes);
    }

    [Fact]
    public async Task LogInWithLoginAndAQuotedOrLiteralPassword()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1] ready",
            "C: A0001 LOGIN user@example.org {8}",
            "S: + go ahead",
            "C: pä\"ss\\w",
            "S: A0001 OK [CAPABILITY IMAP4rev1 UIDPLUS] Logged in");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        await client.AuthenticateAsync(new PasswordCredentials("user@example.org", "pä\"ss\\w"));

        server.AssertCompleted();
        Assert.True(client.IsAuthenticated);
        Assert.Contains("UIDPLUS", client.Capabilities);
    }

    [Fact]
    public async Task AuthenticatePlainWithoutSaslIrThroughAContinuation()
    {
        string plain = Convert.ToBase64String("\0u\0p"u8);
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready",
            "C: A0001 AUTHENTICATE PLAIN",
            "S: + ",
            "C: " + plain,
            "S: A0001 NO [AUTHENTICATIONFAILED] Authentication failed.");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new PasswordCredentials("u", "p")));

        server.AssertCompleted();
        Assert.Contains("AUTHENTICATIONFAILED", error.ServerResponse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAnXOAuth2ErrorChallengeWithAnEmptyLine()
    {
        string initial = Convert.ToBase64String("user=u@example.org\u0001auth=Bearer t\u0001\u0001"u8);
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] ready",
            "C: A0001 AUTHENTICATE XOAUTH2 " + initial,
            "S: + eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIn0=",
            "C: ",
            "S: A0001 NO SASL authentication failed");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new OAuth2Credentials("u@example.org", "t")));
        server.AssertCompleted();
    }

    [Fact]
    public async Task RefuseToLogInWhereLoginIsDisabled()
    {
        var server = ScriptedServerStream.FromTranscript("S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.AuthenticateAsync(new PasswordCredentials("u", "p")));
        Assert.Equal(string.Empty, server.Written);
    }

    [Fact]
    public async Task AppendWithASynchronisingLiteralWithoutLiteralPlus()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1 UIDPLUS] ready",
            "C: A0001 APPEND Drafts (\\Seen \\Draft) \"02-Dec-2026 03:04:05 +0100\" {14}",
            "S: + Ready for literal data",
            "C: Subject: x",
            "C: ",
            "C: ",
            "S: A0001 OK [APPENDUID 38505 3955] APPEND completed");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        var appended = await client.AppendAsync("Drafts", "Subject: x\r\n\r\n"u8.ToArray(), ["\\Seen", "\\Draft"], new DateTimeOffset(2026, 12, 2, 3, 4, 5, TimeSpan.FromHours(1)));

        server.AssertCompleted();
        Assert.Equal(new ImapAppendResult(38505, 3955), appended);
    }

    [Fact]
    public async Task StopSendingALiteralTheServerRefuses()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1] ready",
            "C: A0001 APPEND Drafts {3}",
            "S: A0001 NO [TRYCREATE] No such mailbox",
            "C: A0002 NOOP",
            "S: A0002 OK");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        var error = await Assert.ThrowsAsync<MailCommandException>(() => client.AppendAsync("Drafts", "abc"u8.ToArray()));
        await client.NoopAsync();

        server.AssertCompleted();
        Assert.Equal("NO", error.Status);
    }

    [Fact]
    public async Task AppendWithANonSynchronisingLiteralUnderLiteralPlus()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready",
            "C: A0001 APPEND \"Sent Items\" {3+}",
            "C: abc",
            "S: A0001 OK APPEND completed");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        Assert.Null(await client.AppendAsync("Sent Items", "abc"u8.ToArray()));
        server.AssertCompleted();
    }

    [Fact]
    public async Task MoveWithUidMoveAndReportWhereMessagesLanded()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected(),
            "C: A0002 UID MOVE 4390:4391 Archive",
            "S: * OK [COPYUID 432432 4390:4391 10:11] Moved UIDs.",
            "S: * 1 EXPUNGE",
            "S: * 1 EXPUNGE",
            "S: A0002 OK Move completed."]);
        await using var client = await SelectedClientAsync(server);

        var moved = await client.UidMoveAsync([4391, 4390], "Archive");

        server.AssertCompleted();
        Assert.Equal(432432u, moved!.DestinationUidValidity);
        Assert.Equal([4390u, 4391u], moved.SourceUids);
        Assert.Equal([10u, 11u], moved.DestinationUids);
        Assert.Equal(0u, client.SelectedCount);
    }

    [Fact]
    public async Task MoveWithCopyStoreAndUidExpungeWithoutMove()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected("IMAP4rev1 UIDPLUS"),
            "C: A0002 UID COPY 5,7 Archive",
            "S: A0002 OK [COPYUID 1 5,7 20:21] Copy completed",
            "C: A0003 UID STORE 5,7 +FLAGS.SILENT (\\Deleted)",
            "S: A0003 OK Store completed",
            "C: A0004 UID EXPUNGE 5,7",
            "S: * 1 EXPUNGE",
            "S: A0004 OK Expunge completed"]);
        await using var client = await SelectedClientAsync(server);

        var moved = await client.UidMoveAsync([5, 7], "Archive");

        server.AssertCompleted();
        Assert.Equal([20u, 21u], moved!.DestinationUids);
    }

    [Fact]
    public async Task RefuseToMoveWithoutMoveOrUidPlus()
    {
        var server = ScriptedServerStream.FromTranscript(Selected("IMAP4rev1"));
        await using var client = await SelectedClientAsync(server);

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.UidMoveAsync([5], "Archive"));
        await Assert.ThrowsAsync<MailCapabilityException>(() => client.UidExpungeAsync([5]));
        server.AssertCompleted();
    }

    [Fact]
    public async Task RefuseStartTlsWithPlaintextInjectedAfterTheGoAhead()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready",
            "C: A0001 STARTTLS");
        server.Server("A0001 OK Begin TLS negotiation now\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n");
        var client = new ImapClient();

        await Assert.ThrowsAsync<MailProtocolException>(() => client.ConnectAsync(server, Options with { Security = MailSecurity.StartTls }));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task RefuseToContinueWithoutStartTlsWhenRequired()
    {
        var server = ScriptedServerStream.FromTranscript("S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready");
        var client = new ImapClient();

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.ConnectAsync(server, Options with { Security = MailSecurity.StartTls }));
    }

    [Fact]
    public async Task ThrowCommandErrorOnNoAndKeepTheSessionUsable()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1] ready",
            "C: A0001 SELECT Missing",
            "S: A0001 NO [NONEXISTENT] Mailbox doesn't exist: Missing",
            "C: A0002 NOOP",
            "S: A0002 OK");
        var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        var error = await Assert.ThrowsAsync<MailCommandException>(() => client.SelectAsync("Missing"));
        await client.NoopAsync();

        Assert.Equal("SELECT", error.Command);
        Assert.Null(client.SelectedMailbox);
        server.AssertCompleted();
    }

    [Theory]
    [InlineData("S: A0009 OK answer to nothing")]
    [InlineData("S: * 1 FETCH (UID 1 FLAGS (\\Seen)")]
    [InlineData("S: * 1 FETCH (UID 1 INTERNALDATE \"yesterday\")")]
    [InlineData("S: * 1 FETCH (UID x)")]
    [InlineData("S: * OK [UIDNEXT 5")]
    [InlineData("S: * 1 FETCH (UID 1 BODY[] {4000000000}")]
    public async Task ThrowProtocolErrorOnMalformedResponses(string response)
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected(), "C: A0002 UID FETCH 1 (UID FLAGS INTERNALDATE)", response, "S: A0002 OK"]);
        await using var client = await SelectedClientAsync(server);

        await Assert.ThrowsAsync<MailProtocolException>(() => client.UidFetchAsync([1], ImapFetchItems.Flags | ImapFetchItems.InternalDate));
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task RefuseAGreetingThatSaysBye()
    {
        var server = ScriptedServerStream.FromTranscript("S: * BYE Too many connections");
        var client = new ImapClient();

        var error = await Assert.ThrowsAsync<MailConnectionException>(() => client.ConnectAsync(server, Options));
        Assert.Contains("Too many connections", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Entwürfe", "Entw&APw-rfe")]
    [InlineData("R&D", "R&-D")]
    [InlineData("日本語", "&ZeVnLIqe-")]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    public void EncodeMailboxNamesInModifiedUtf7(string name, string encoded)
    {
        Assert.Equal(encoded, ImapMailboxName.Encode(name));
        Assert.Equal(name, ImapMailboxName.Decode(encoded));
    }

    [Fact]
    public void KeepMalformedModifiedUtf7NamesReadable() => Assert.Equal("Broken&Zz", ImapMailboxName.Decode("Broken&Zz"));

    [Theory]
    [InlineData(new uint[] { 1, 2, 3, 5, 7, 8 }, "1:3,5,7:8")]
    [InlineData(new uint[] { 9, 4, 4 }, "4,9")]
    public void WriteCompactUidSets(uint[] uids, string set) => Assert.Equal(set, ImapUidSet.Format(uids));

    [Fact]
    public async Task RefuseFlagsThatWouldInjectCommands()
    {
        var server = ScriptedServerStream.FromTranscript(Selected());
        await using var client = await SelectedClientAsync(server);

        await Assert.ThrowsAsync<ArgumentException>(() => client.UidStoreFlagsAsync([1], ImapStoreAction.Add, ["\\Seen)\r\nA0003 EXPUNGE"]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UidSearchAsync("ALL\r\nA0003 EXPUNGE"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SelectAsync("INBOX\r\nA0003 DELETE x"));
        server.AssertCompleted();
    }

    [Fact]
    public async Task EndIdleWhenTheServerReportsNewMail()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected("IMAP4rev1 IDLE"),
            "C: A0002 IDLE",
            "S: + idling",
            "S: * 3 EXISTS",
            "C: DONE",
            "S: A0002 OK Idle completed"]);
        await using var client = await SelectedClientAsync(server);

        bool changed = await client.IdleAsync(CancellationToken.None);

        server.AssertCompleted();
        Assert.True(changed);
        Assert.Equal(3u, client.SelectedCount);
    }

    [Fact]
    public async Task EndIdleWhenTheCallerIsDone()
    {
        var server = ScriptedServerStream.FromTranscript([.. Selected("IMAP4rev1 IDLE"),
            "C: A0002 IDLE",
            "S: + idling",
            "C: DONE",
            "S: A0002 OK Idle completed",
            "C: A0003 NOOP",
            "S: A0003 OK"]);
        await using var client = await SelectedClientAsync(server);
        using var done = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        bool changed = await client.IdleAsync(done.Token);
        await client.NoopAsync();

        server.AssertCompleted();
        Assert.False(changed);
    }

    [Fact]
    public async Task RefuseIdleWhereTheServerDoesNotOfferIt()
    {
        var server = ScriptedServerStream.FromTranscript(Selected("IMAP4rev1"));
        await using var client = await SelectedClientAsync(server);

        await Assert.ThrowsAsync<MailCapabilityException>(() => client.IdleAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadMailboxCountersWithStatus()
    {
        var server = ScriptedServerStream.FromTranscript(
            "S: * OK [CAPABILITY IMAP4rev1] ready",
            "C: A0001 STATUS Archiv/2026 (MESSAGES UNSEEN UIDVALIDITY UIDNEXT)",
            "S: * STATUS \"Archiv/2026\" (MESSAGES 231 UIDNEXT 44292 UIDVALIDITY 1 UNSEEN 3)",
            "S: A0001 OK STATUS completed",
            "C: A0002 STATUS Drafts (MESSAGES UNSEEN UIDVALIDITY UIDNEXT)",
            "S: * STATUS Drafts (MESSAGES 2)",
            "S: A0002 OK STATUS completed");
        await using var client = new ImapClient();
        await client.ConnectAsync(server, Options);

        var counters = await client.StatusAsync("Archiv/2026");
        await Assert.ThrowsAsync<MailProtocolException>(() => client.StatusAsync("Drafts"));

        Assert.Equal(new ImapMailboxCounters("Archiv/2026", 231, 3, 1, 44292), counters);
        server.AssertCompleted();
    }
}
