using System.Text;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Imap;

/// <summary>Against the local Dovecot. Every test works in mailboxes of its own under user alice.</summary>
public sealed class ImapClientIntegrationShould
{
    private static MailServices Services => MailServices.Current;

    private static async Task<ImapClient> LoginAsync(MailSecurity security = MailSecurity.ImplicitTls, string user = "alice")
    {
        var client = new ImapClient();
        await client.ConnectAsync(Services.Options(security == MailSecurity.ImplicitTls ? Services.ImapsPort : Services.ImapPort, security));
        await client.AuthenticateAsync(MailServices.Credentials(user));
        return client;
    }

    private static string NewMailbox(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..12];

    private static byte[] Message(int number, string id) => Encoding.UTF8.GetBytes(
        $"From: carol@cc.test\r\nTo: alice@cc.test\r\nSubject: Nachricht {number} – Grüße\r\nMessage-ID: <{id}>\r\n" +
        $"Date: Wed, 02 Dec 2026 03:00:00 +0100\r\n\r\nText {number}\r\n.line with a dot\r\n");

    private static IEnumerable<string> Visible(IEnumerable<string> flags) => flags.Where(f => f != "\\Recent").Order(StringComparer.Ordinal);

    [Theory]
    [InlineData(MailSecurity.ImplicitTls)]
    [InlineData(MailSecurity.StartTls)]
    public async Task ConnectEncryptedAndLogIn(MailSecurity security)
    {
        await using var client = await LoginAsync(security);

        Assert.True(client.IsEncrypted);
        Assert.True(client.IsAuthenticated);
        Assert.Contains("UIDPLUS", client.Capabilities);
        Assert.Contains("MOVE", client.Capabilities);
        Assert.Contains(await client.ListAsync("INBOX"), m => m.Name == "INBOX");
        await client.LogoutAsync();
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task RejectAWrongPassword()
    {
        await using var client = new ImapClient();
        await client.ConnectAsync(Services.Options(Services.ImapsPort, MailSecurity.ImplicitTls));

        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new PasswordCredentials("alice@cc.test", "wrong")));
        Assert.False(client.IsAuthenticated);
    }

    [Fact]
    public async Task RefuseAServerCertificateFromAnUntrustedCa()
    {
        await using var client = new ImapClient();

        await Assert.ThrowsAsync<MailConnectionException>(() =>
            client.ConnectAsync(Services.Options(Services.ImapsPort, MailSecurity.ImplicitTls) with { ExtraTrustedCa = null }));
    }

    [Fact]
    public async Task AppendAndFetchManyMessagesInOneCommand()
    {
        string mailbox = NewMailbox();
        await using var client = await LoginAsync();
        await client.CreateMailboxAsync(mailbox);
        var date = new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.FromHours(1));
        var sent = new List<(uint Uid, byte[] Bytes)>();
        uint validity = 0;
        for (int i = 0; i < 25; i++)
        {
            var bytes = Message(i, $"{mailbox}.{i}@tests.cc.test");
            var appended = await client.AppendAsync(mailbox, bytes, i % 2 == 0 ? ["\\Seen"] : null, date);
            Assert.NotNull(appended);
            validity = appended.UidValidity;
            sent.Add((appended.Uid, bytes));
        }

        var status = await client.SelectAsync(mailbox);
        var fetched = await client.UidFetchAsync(sent.Select(s => s.Uid), ImapFetchItems.All);

        Assert.Equal(validity, status.UidValidity);
        Assert.Equal(25u, status.Exists);
        Assert.Equal(sent[^1].Uid + 1, status.UidNext);
        Assert.Equal(sent.Select(s => s.Uid), fetched.Select(f => f.Uid));
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i].Bytes, fetched[i].Body);
            Assert.Equal(sent[i].Bytes.Length, fetched[i].Size);
            Assert.Equal(date, fetched[i].InternalDate);
            Assert.Equal(i % 2 == 0, fetched[i].Flags!.Contains("\\Seen"));
        }

        // BODY.PEEK[] leaves \Seen alone.
        var again = await client.UidFetchAsync([sent[1].Uid], ImapFetchItems.Flags);
        Assert.DoesNotContain("\\Seen", again[0].Flags!);
        await client.CloseMailboxAsync();
        var counters = await client.StatusAsync(mailbox);
        Assert.Equal(new ImapMailboxCounters(mailbox, 25, 12, validity, sent[^1].Uid + 1), counters);
        await client.DeleteMailboxAsync(mailbox);
    }

    [Fact]
    public async Task KeepUidsAndUidValidityAcrossSessionsAndChangeThemForARecreatedMailbox()
    {
        string mailbox = NewMailbox();
        uint validity;
        uint uid;
        await using (var client = await LoginAsync())
        {
            await client.CreateMailboxAsync(mailbox);
            var appended = await client.AppendAsync(mailbox, Message(1, $"{mailbox}@tests.cc.test"));
            validity = appended!.UidValidity;
            uid = appended.Uid;
            await client.LogoutAsync();
        }

        await using (var client = await LoginAsync(MailSecurity.StartTls))
        {
            var status = await client.ExamineAsync(mailbox);
            Assert.True(status.ReadOnly);
            Assert.Equal(validity, status.UidValidity);
            Assert.Equal([uid], await client.UidSearchHeaderAsync("Message-ID", $"{mailbox}@tests.cc.test"));
            var second = await client.AppendAsync(mailbox, Message(2, $"{mailbox}.2@tests.cc.test"));
            Assert.True(second!.Uid > uid);

            await client.CloseMailboxAsync();
            await client.DeleteMailboxAsync(mailbox);
            await client.CreateMailboxAsync(mailbox);
            var recreated = await client.SelectAsync(mailbox);
            // RFC 3501 section 2.3.1.1: a recreated mailbox must not reuse the old UIDVALIDITY with new messages.
            Assert.NotEqual(validity, recreated.UidValidity);
            await client.CloseMailboxAsync(expunge: true);
            await client.DeleteMailboxAsync(mailbox);
        }
    }

    [Fact]
    public async Task SetAndClearFlags()
    {
        string mailbox = NewMailbox();
        await using var client = await LoginAsync();
        await client.CreateMailboxAsync(mailbox);
        uint uid = (await client.AppendAsync(mailbox, Message(1, $"{mailbox}@tests.cc.test")))!.Uid;
        await client.SelectAsync(mailbox);

        await client.UidStoreFlagsAsync([uid], ImapStoreAction.Add, ["\\Seen", "\\Flagged", "$Processed"]);
        var set = (await client.UidFetchAsync([uid], ImapFetchItems.Flags))[0].Flags!;
        await client.UidStoreFlagsAsync([uid], ImapStoreAction.Remove, ["\\Flagged"]);
        var cleared = (await client.UidFetchAsync([uid], ImapFetchItems.Flags))[0].Flags!;
        await client.UidStoreFlagsAsync([uid], ImapStoreAction.Replace, ["\\Answered"]);
        var replaced = (await client.UidFetchAsync([uid], ImapFetchItems.Flags))[0].Flags!;

        Assert.Equal(["$Processed", "\\Flagged", "\\Seen"], Visible(set));
        Assert.Equal(["$Processed", "\\Seen"], Visible(cleared));
        Assert.Equal(["\\Answered"], Visible(replaced));
        Assert.Equal([uid], await client.UidSearchAsync("ANSWERED"));
        await client.DeleteMailboxAsync(mailbox);
    }

    [Fact]
    public async Task MoveMessagesToAFolderKeepingTheirContent()
    {
        string source = NewMailbox();
        string target = NewMailbox("Erledigt-ü-");
        await using var client = await LoginAsync();
        await client.CreateMailboxAsync(source);
        await client.CreateMailboxAsync(target);
        var bodies = Enumerable.Range(0, 3).Select(i => Message(i, $"{source}.{i}@tests.cc.test")).ToList();
        var uids = new List<uint>();
        foreach (var body in bodies)
        {
            uids.Add((await client.AppendAsync(source, body))!.Uid);
        }

        await client.SelectAsync(source);
        var moved = await client.UidMoveAsync(uids.Take(2), target);

        Assert.Equal(1u, client.SelectedCount);
        Assert.Equal([uids[2]], await client.UidSearchAsync("ALL"));
        Assert.NotNull(moved);
        Assert.Equal(uids.Take(2), moved.SourceUids);
        Assert.Contains(await client.ListAsync(), m => m.Name == target);
        var targetStatus = await client.SelectAsync(target);
        Assert.Equal(moved.DestinationUidValidity, targetStatus.UidValidity);
        var fetched = await client.UidFetchAsync(moved.DestinationUids, ImapFetchItems.Body);
        Assert.Equal(bodies.Take(2), fetched.Select(f => f.Body));
        await client.DeleteMailboxAsync(source);
        await client.DeleteMailboxAsync(target);
    }

    [Fact]
    public async Task ExpungeOnlyTheGivenDeletedMessagesWithUidExpunge()
    {
        string mailbox = NewMailbox();
        await using var client = await LoginAsync();
        await client.CreateMailboxAsync(mailbox);
        var uids = new List<uint>();
        for (int i = 0; i < 4; i++)
        {
            uids.Add((await client.AppendAsync(mailbox, Message(i, $"{mailbox}.{i}@tests.cc.test")))!.Uid);
        }

        await client.SelectAsync(mailbox);
        await client.UidStoreFlagsAsync([uids[0], uids[1]], ImapStoreAction.Add, ["\\Deleted"]);
        await client.UidExpungeAsync([uids[0], uids[2]]);
        var afterUidExpunge = await client.UidSearchAsync("ALL");
        await client.ExpungeAsync();
        var afterExpunge = await client.UidSearchAsync("ALL");

        // uids[2] was not \Deleted and stays; uids[1] was \Deleted but not named, so only EXPUNGE removes it.
        Assert.Equal([uids[1], uids[2], uids[3]], afterUidExpunge);
        Assert.Equal([uids[2], uids[3]], afterExpunge);
        Assert.Equal(2u, client.SelectedCount);
        await client.DeleteMailboxAsync(mailbox);
    }

    [Fact]
    public async Task ReportAMissingMailboxAsACommandError()
    {
        await using var client = await LoginAsync();

        var error = await Assert.ThrowsAsync<MailCommandException>(() => client.SelectAsync(NewMailbox("missing")));

        Assert.Equal("NO", error.Status);
        Assert.Equal(0u, await client.NoopAsync());
    }

    [Fact]
    public async Task WakeFromIdleWhenAnotherSessionDeliversAMessage()
    {
        string mailbox = NewMailbox();
        await using var watcher = await LoginAsync();
        await watcher.CreateMailboxAsync(mailbox);
        await watcher.SelectAsync(mailbox);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var idle = watcher.IdleAsync(giveUp.Token);
        await using (var other = await LoginAsync(MailSecurity.StartTls))
        {
            // Dovecot checks for news about every second while idling; give IDLE a moment to start first.
            await Task.Delay(200);
            await other.AppendAsync(mailbox, Message(1, $"{mailbox}@tests.cc.test"));
        }

        Assert.True(await idle);
        Assert.Equal(1u, watcher.SelectedCount);
        Assert.Single(await watcher.UidSearchAsync("ALL"));
        await watcher.CloseMailboxAsync();
        await watcher.DeleteMailboxAsync(mailbox);
    }
}
