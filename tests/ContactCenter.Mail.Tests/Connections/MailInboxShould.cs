using System.Diagnostics;
using System.Net;
using System.Text;
using ContactCenter.Mail.Connections;
using ContactCenter.Mail.Tests.Support;
using MimeKit;

namespace ContactCenter.Mail.Tests.Connections;

/// <summary>
/// The seam against the local Dovecot and Postfix: connecting in every security mode, fetching a batch by UID,
/// flagging, moving and deleting, refusing wrong passwords, untrusted certificates and refused addresses, and a
/// session killed mid-fetch. Each test works in mailboxes of its own (alice+tag lands in alice's folder "tag").
/// </summary>
public sealed class MailInboxShould
{
    private static MailServices Services => MailServices.Current;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(InboxProtocol.Imap, MailSecurity.ImplicitTls)]
    [InlineData(InboxProtocol.Imap, MailSecurity.StartTls)]
    [InlineData(InboxProtocol.Imap, MailSecurity.None)]
    [InlineData(InboxProtocol.Pop3, MailSecurity.ImplicitTls)]
    [InlineData(InboxProtocol.Pop3, MailSecurity.StartTls)]
    public async Task ConnectInEverySecurityMode(InboxProtocol protocol, MailSecurity security)
    {
        var port = PortOf(protocol, security);

        await using var inbox = await MailInbox.OpenAsync(protocol, Services.Endpoint("alice", port, security), null, readOnly: true, Services.Settings(), Token);
        var uids = await inbox.ListUidsAsync(Token);
        await inbox.CloseAsync(Token);

        Assert.Equal("INBOX", inbox.Folder);
        Assert.Equal(inbox.Count, uids.Count);
        Assert.Equal(protocol == InboxProtocol.Imap, inbox.UidValidity is not null);
        Assert.Equal(protocol == InboxProtocol.Pop3, inbox.TotalSize is not null);
    }

    [Fact]
    public async Task FetchABatchThenFlagMoveAndDeleteByUid()
    {
        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        var archive = tag + "a";
        var sent = await DeliverAsync("alice", tag, 3);
        _ = await DeliverAsync("alice", archive, 1);
        await using var inbox = await MailInbox.OpenAsync(InboxProtocol.Imap, Services.Endpoint("alice", Services.ImapsPort, MailSecurity.ImplicitTls), tag, readOnly: false, Services.Settings(), Token);

        var uids = await inbox.ListUidsAsync(Token);
        var batch = await inbox.FetchAsync(uids, Token);
        await inbox.MarkSeenAsync([uids[0]], Token);
        var afterFlag = await inbox.FetchAsync([uids[0]], Token);
        await inbox.MoveAsync([uids[1]], archive, Token);
        await inbox.DeleteAsync([uids[2]], Token);
        var left = await inbox.ListUidsAsync(Token);
        var validity = inbox.UidValidity;
        await inbox.CloseAsync(Token);
        await using var archived = await MailInbox.OpenAsync(InboxProtocol.Imap, Services.Endpoint("alice", Services.ImapsPort, MailSecurity.ImplicitTls), archive, readOnly: true, Services.Settings(), Token);

        Assert.Equal(3, batch.Count);
        Assert.Equal(uids, batch.Select(m => m.Uid));
        // Postfix may file the three messages in any order, so the subjects are compared as a set.
        Assert.Equal(sent.Order(StringComparer.Ordinal), batch.Select(m => MimeMessage.Load(new MemoryStream(m.Raw)).Subject).Order(StringComparer.Ordinal));
        Assert.All(batch, m => Assert.False(m.Seen));
        Assert.All(batch, m => Assert.NotNull(m.InternalDate));
        Assert.True(Assert.Single(afterFlag).Seen);
        Assert.Equal([uids[0]], left);
        Assert.NotNull(validity);
        Assert.Equal(2, archived.Count);
    }

    [Fact]
    public async Task ListOnlyTheMessagesWithoutOurKeywordOnceTheyAreFlagged()
    {
        const string Keyword = "$ContactCenter";
        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        _ = await DeliverAsync("alice", tag, 3);
        var endpoint = Services.Endpoint("alice", Services.ImapsPort, MailSecurity.ImplicitTls);
        IReadOnlyList<string> all;
        await using (var inbox = await MailInbox.OpenAsync(InboxProtocol.Imap, endpoint, tag, readOnly: false, Services.Settings(), Token))
        {
            all = await inbox.ListUidsAsync(Token);
            Assert.True(inbox.SupportsKeyword(Keyword));
            Assert.Equal(all, await inbox.ListUidsWithoutKeywordAsync(Keyword, Token));
            await inbox.AddKeywordAsync([all[0], all[2]], Keyword, Token);
            await inbox.CloseAsync(Token);
        }

        // A new session sees what the server kept: the keyword is permanent, and nothing else changed.
        await using var again = await MailInbox.OpenAsync(InboxProtocol.Imap, endpoint, tag, readOnly: true, Services.Settings(), Token);
        Assert.Equal([all[1]], await again.ListUidsWithoutKeywordAsync(Keyword, Token));
        Assert.Equal(all, await again.ListUidsAsync(Token));
        Assert.All(await again.FetchAsync(all, Token), m => Assert.False(m.Seen));
    }

    [Fact]
    public async Task FetchAndDeleteOverPop3ByUidl()
    {
        const string User = "bob";
        var sent = await DeliverAsync(User, null, 2);
        await using (var inbox = await MailInbox.OpenAsync(InboxProtocol.Pop3, Services.Endpoint(User, Services.Pop3sPort, MailSecurity.ImplicitTls), null, readOnly: false, Services.Settings(), Token))
        {
            var uids = await inbox.ListUidsAsync(Token);
            var fetched = await inbox.FetchAsync(uids, Token);

            Assert.Equal(uids, fetched.Select(m => m.Uid));
            Assert.Subset(sent.ToHashSet(), fetched.Select(m => MimeMessage.Load(new MemoryStream(m.Raw)).Subject ?? string.Empty).ToHashSet());
            await Assert.ThrowsAsync<MailOperationNotSupportedException>(() => inbox.MarkSeenAsync(uids, Token));
            await Assert.ThrowsAsync<MailOperationNotSupportedException>(() => inbox.MoveAsync(uids, "Archive", Token));
            await Assert.ThrowsAsync<MailOperationNotSupportedException>(() => inbox.AddKeywordAsync(uids, "$ContactCenter", Token));
            Assert.Equal(uids, await inbox.ListUidsWithoutKeywordAsync("$ContactCenter", Token));
            await inbox.DeleteAsync(uids, Token);
            await inbox.CloseAsync(Token);
        }

        await using var after = await MailInbox.OpenAsync(InboxProtocol.Pop3, Services.Endpoint(User, Services.Pop3Port, MailSecurity.StartTls), null, readOnly: false, Services.Settings(), Token);
        Assert.Empty(await after.ListUidsAsync(Token));
    }

    [Theory]
    [InlineData(InboxProtocol.Imap)]
    [InlineData(InboxProtocol.Pop3)]
    public async Task RefuseAWrongPassword(InboxProtocol protocol)
    {
        var endpoint = Services.Endpoint("alice", protocol == InboxProtocol.Imap ? Services.ImapsPort : Services.Pop3sPort, MailSecurity.ImplicitTls) with { Password = "wrong" };

        var error = await Assert.ThrowsAsync<MailAuthenticationException>(() => MailInbox.OpenAsync(protocol, endpoint, null, readOnly: true, Services.Settings(), Token));

        Assert.Contains("alice@cc.test", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InboxProtocol.Imap, MailSecurity.ImplicitTls)]
    [InlineData(InboxProtocol.Imap, MailSecurity.StartTls)]
    [InlineData(InboxProtocol.Pop3, MailSecurity.ImplicitTls)]
    public async Task RefuseAServerCertificateFromAnUntrustedCa(InboxProtocol protocol, MailSecurity security)
    {
        var port = protocol == InboxProtocol.Imap
            ? security == MailSecurity.ImplicitTls ? Services.ImapsPort : Services.ImapPort
            : Services.Pop3sPort;
        var log = new MailProtocolLog();

        var error = await Assert.ThrowsAsync<MailCertificateException>(() =>
            MailInbox.OpenAsync(protocol, Services.Endpoint("alice", port, security), null, readOnly: true, Services.Settings(log) with { ExtraTrustedCa = null }, Token));

        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);
        // Nothing was sent after the refused handshake: no sign-in command at all.
        var sent = log.Text.Split('\n').Where(l => l.StartsWith("C: ", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(sent, l => l.Contains("LOGIN", StringComparison.Ordinal) || l.Contains("AUTH", StringComparison.Ordinal) || l.Contains("USER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefuseAnAddressThePolicyRefusesBeforeConnecting()
    {
        var settings = Services.Settings() with { AddressPolicy = new RefuseLoopback() };

        var error = await Assert.ThrowsAsync<MailAddressRefusedException>(() =>
            MailInbox.OpenAsync(InboxProtocol.Imap, Services.Endpoint("alice", Services.ImapsPort, MailSecurity.ImplicitTls), null, readOnly: true, settings, Token));

        Assert.Equal(Services.Host, error.Host);
        Assert.Contains(IPAddress.Parse(Services.Host), error.Refused);
        Assert.Contains(Services.Host, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportAPortNothingListensOn()
    {
        var error = await Assert.ThrowsAsync<MailConnectionException>(() =>
            MailInbox.OpenAsync(InboxProtocol.Imap, new MailEndpoint("127.0.0.1", 1, MailSecurity.None, "alice@cc.test", "x"), null, readOnly: true, Services.Settings(), Token));

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InboxProtocol.Imap, MailSecurity.ImplicitTls)]
    [InlineData(InboxProtocol.Imap, MailSecurity.None)]
    [InlineData(InboxProtocol.Pop3, MailSecurity.StartTls)]
    public async Task KeepThePasswordOutOfTheProtocolLog(InboxProtocol protocol, MailSecurity security)
    {
        var port = PortOf(protocol, security);
        var log = new MailProtocolLog();
        var password = MailServices.Password("alice");

        await using (var inbox = await MailInbox.OpenAsync(protocol, Services.Endpoint("alice", port, security), null, readOnly: true, Services.Settings(log), Token))
        {
            await inbox.CloseAsync(Token);
        }

        await Assert.ThrowsAsync<MailAuthenticationException>(() =>
            MailInbox.OpenAsync(protocol, Services.Endpoint("alice", port, security) with { Password = "wrong-" + password }, null, readOnly: true, Services.Settings(log), Token));

        Assert.Contains(protocol == InboxProtocol.Imap ? "CAPABILITY" : "CAPA", log.Text, StringComparison.Ordinal);
        Assert.Contains("********", log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, log.Text, StringComparison.Ordinal);
        foreach (var plain in new[] { $"\0alice@cc.test\0{password}", $"alice@cc.test\0alice@cc.test\0{password}", password })
        {
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(plain)), log.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RaiseAConnectionErrorWhenTheServerEndsTheSessionMidFetch()
    {
        const string User = "erin";
        var tag = "k" + Guid.NewGuid().ToString("N")[..10];
        await DeliverAsync(User, tag, 3, attachmentBytes: 4 * 1024 * 1024);
        await using var proxy = new ThrottlingProxy(Services.Host, Services.ImapPort);
        await using var inbox = await MailInbox.OpenAsync(InboxProtocol.Imap, Services.Endpoint(User, proxy.Port, MailSecurity.None) with { Host = "127.0.0.1" }, tag, readOnly: true, Services.Settings(), Token);
        var uids = await inbox.ListUidsAsync(Token);
        var server = await proxy.Server;

        var fetch = inbox.FetchAsync(uids, Token);
        await server.TransferStarted.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await KickAsync(User);

        await Assert.ThrowsAsync<MailConnectionException>(() => fetch);
        Assert.True(server.BytesRead < 3 * 4L * 1024 * 1024, "The fetch finished before the kick; the test proves nothing.");
        await Assert.ThrowsAsync<MailConnectionException>(() => inbox.ListUidsAsync(Token));
    }

    private static int PortOf(InboxProtocol protocol, MailSecurity security) => (protocol, security) switch
    {
        (InboxProtocol.Imap, MailSecurity.ImplicitTls) => Services.ImapsPort,
        (InboxProtocol.Imap, _) => Services.ImapPort,
        (_, MailSecurity.ImplicitTls) => Services.Pop3sPort,
        _ => Services.Pop3Port,
    };

    /// <summary>Sends <paramref name="count"/> messages to user+tag through Postfix and waits until Dovecot has them.</summary>
    private static async Task<IReadOnlyList<string>> DeliverAsync(string user, string? tag, int count, int attachmentBytes = 0)
    {
        var folder = Services.MaildirOf(user, tag ?? string.Empty);
        var before = Directory.Exists(folder) ? (await Maildir.WaitForMessagesAsync(folder, 0)).Count : 0;
        var subjects = new List<string>();
        await using var smtp = await SmtpSender.ConnectAsync(Services.Endpoint("frank", Services.SubmissionPort, MailSecurity.StartTls), Services.Settings(), Token);
        for (var i = 0; i < count; i++)
        {
            var subject = $"Nachricht {i} – Grüße {Guid.NewGuid():N}";
            var message = new MimeMessage { Subject = subject };
            message.From.Add(new MailboxAddress("Frank", MailServices.Address("frank")));
            message.To.Add(new MailboxAddress(string.Empty, tag is null ? MailServices.Address(user) : $"{user}+{tag}@cc.test"));
            var body = new BodyBuilder { TextBody = $"Text {i}\n.line with a dot\n" };
            if (attachmentBytes > 0)
            {
                var data = new byte[attachmentBytes];
                new Random(i).NextBytes(data);
                body.Attachments.Add("big.bin", data);
            }

            message.Body = body.ToMessageBody();
            await smtp.SendAsync(message, Token);
            subjects.Add(subject);
        }

        await smtp.CloseAsync(Token);
        await Maildir.WaitForMessagesAsync(folder, before + count);
        return subjects;
    }

    private static async Task KickAsync(string user)
    {
        var start = new ProcessStartInfo("doveadm") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Services.DovecotConfig, "kick", MailServices.Address(user) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Token) + await process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        Assert.True(process.ExitCode == 0, "doveadm kick failed: " + output);
    }

    private sealed class RefuseLoopback : IMailAddressPolicy
    {
        public bool Allows(string host, IPAddress address) => !IPAddress.IsLoopback(address);
    }
}
