using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>
/// The fetch cycle of a running server against the dev Dovecot and Postfix: mail put into an account's folder becomes
/// requests, the server copies are flagged, moved or deleted as the account says, and the weighting shares the rounds.
/// </summary>
public abstract class MailFetchCycleShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : MailFetchServerFixture
{
    private const string ImapUser = "fetch1";
    private const string PostfixUser = "fetch6";

    [Fact]
    public async Task TurnMailIntoRequestsFlagTheServerCopiesAndThreadReplies()
    {
        var (slug, tenantId, admin) = await TenantAsync();
        using var _ = admin;
        var folder = DevMailboxes.NewFolder();
        var first = Mail("Printer on fire", "ann@example.org");
        await DevMailboxes.AppendAsync(ImapUser, folder, [first, Mail("Invoice missing", "bob@example.org")]);

        var accountId = await ImapAccountAsync(admin, slug, folder);
        await WaitForMessagesAsync(tenantId, 2);
        await DevMailboxes.AppendAsync(ImapUser, folder, [Mail("Re: Printer on fire", "ann@example.org", inReplyTo: first.MessageId)]);
        await WaitForMessagesAsync(tenantId, 3);

        var requests = await server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().OrderBy(r => r.Number).ToListAsync());
        var defaultCategory = await server.TenantAsync(tenantId, db => db.Categories.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync());
        Assert.Equal(["Printer on fire", "Invoice missing"], requests.Select(r => r.Subject));
        Assert.Equal([2, 1], requests.Select(r => r.MessageCount));
        Assert.Equal(["ann@example.org", "bob@example.org"], requests.Select(r => r.ContactEmail));
        Assert.All(requests, r => Assert.Equal((RequestStatus.Open, defaultCategory), (r.Status, r.CategoryId)));
        var keywords = await Poll.UntilAsync(
            () => DevMailboxes.KeywordsAsync(ImapUser, folder), k => k is { Count: 3 } && k.All(set => set.Contains(AccountFetch.ImportedKeyword)),
            "every server copy to be flagged");
        Assert.Equal(3, keywords!.Count);
        var status = await Poll.UntilAsync(
            () => admin.GetFromJsonAsync<JsonElement>($"/t/{slug}/api/mail-accounts/inbound/{accountId}/status"),
            s => s.GetProperty("messagesTaken").GetInt64() == 3, "the account's status to count three messages");
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("lastFetchAt").ValueKind);
    }

    [Fact]
    public async Task FetchAnAccountTheDirectoryDidNotKnowOnceItIsSynchronised()
    {
        var (_, tenantId, admin) = await TenantAsync();
        using var _ = admin;
        var folder = DevMailboxes.NewFolder("w");
        await DevMailboxes.AppendAsync(ImapUser, folder, [Mail("Written behind the API's back")]);
        var protection = server.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();

        // Written straight into the tenant database (as a restore or a failed second write leaves it): only the sync finds it.
        await server.TenantAsync(tenantId, db =>
        {
            db.InboundAccounts.Add(new InboundAccount
            {
                Name = "Unsynchronised", Protocol = MailProtocol.Imap, Host = DevMailboxes.Host, Port = DevMailboxes.ImapsPort, TlsMode = MailTlsMode.Implicit,
                UserName = $"{ImapUser}@cc.test", ProtectedSecret = ContactCenter.Server.MailAccounts.MailSecrets.Protect(protection, tenantId, DevMailboxes.PasswordOf(ImapUser)), Folder = folder,
            });
            return db.SaveChangesAsync();
        });

        await WaitForMessagesAsync(tenantId, 1);
        Assert.Equal("Written behind the API's back", await server.TenantAsync(tenantId, db => db.Requests.Select(r => r.Subject).SingleAsync()));
    }

    [Fact]
    public async Task DeleteOrMoveTheServerCopiesAsTheAccountSays()
    {
        var (slug, tenantId, admin) = await TenantAsync();
        using var _ = admin;
        var deleting = DevMailboxes.NewFolder("d");
        var moving = DevMailboxes.NewFolder("m");
        var imported = moving + "done";
        await DevMailboxes.AppendAsync(ImapUser, deleting, [Mail("Delete me 1"), Mail("Delete me 2")]);
        await DevMailboxes.AppendAsync(ImapUser, moving, [Mail("Move me 1"), Mail("Move me 2"), Mail("Move me 3")]);
        await DevMailboxes.CreateAsync(ImapUser, imported);

        await ImapAccountAsync(admin, slug, deleting, keepOnServer: false);
        await ImapAccountAsync(admin, slug, moving, importedFolder: imported);
        await WaitForMessagesAsync(tenantId, 5);

        await Poll.UntilAsync(() => DevMailboxes.KeywordsAsync(ImapUser, deleting), k => k is { Count: 0 }, "the deleting account's folder to be empty");
        await Poll.UntilAsync(() => DevMailboxes.KeywordsAsync(ImapUser, moving), k => k is { Count: 0 }, "the moving account's folder to be empty");
        Assert.Equal(3, (await DevMailboxes.KeywordsAsync(ImapUser, imported))!.Count);
        var subjects = await server.TenantAsync(tenantId, db => db.Requests.Select(r => r.Subject).ToListAsync());
        Assert.Equal(["Delete me 1", "Delete me 2", "Move me 1", "Move me 2", "Move me 3"], subjects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TakePop3MailOnceWhetherKeptOnTheServerOrDeleted()
    {
        var (slug, tenantId, admin) = await TenantAsync();
        using var _ = admin;
        var (keeping, deleting) = server.Pop3Users;
        await DevMailboxes.EmptyAsync(keeping, "INBOX");
        await DevMailboxes.EmptyAsync(deleting, "INBOX");
        await DevMailboxes.AppendAsync(keeping, "INBOX", [Mail("Kept 1"), Mail("Kept 2")]);
        await DevMailboxes.AppendAsync(deleting, "INBOX", [Mail("Deleted 1")]);

        var keptAccount = await Pop3AccountAsync(admin, slug, keeping, keepOnServer: true);
        await Pop3AccountAsync(admin, slug, deleting, keepOnServer: false);
        await WaitForMessagesAsync(tenantId, 3);
        await Poll.UntilAsync(() => DevMailboxes.KeywordsAsync(deleting, "INBOX"), k => k is { Count: 0 }, "the deleting maildrop to be empty");
        // Two more cycles go by: the kept messages stay on the server and are remembered, not taken again.
        var taken = await server.CatalogAsync(c => c.MailFetchAccounts.Where(a => a.AccountId == keptAccount).Select(a => a.LastFetchAt).SingleAsync());
        await Poll.UntilAsync(
            () => server.CatalogAsync(c => c.MailFetchAccounts.Where(a => a.AccountId == keptAccount).Select(a => a.LastFetchAt).SingleAsync()),
            at => at > taken?.AddSeconds(4), "two more cycles on the kept maildrop");

        Assert.Equal(2, (await DevMailboxes.KeywordsAsync(keeping, "INBOX"))!.Count);
        Assert.Equal(3, await server.TenantAsync(tenantId, db => db.RequestMessages.CountAsync()));
        Assert.Equal(2, await server.TenantAsync(tenantId, db => db.MailReceipts.CountAsync(r => r.AccountId == keptAccount && r.UidValidity == 0)));
    }

    [Fact]
    public async Task TakeTheSmallAccountsMailInTheFirstRoundBesideAFullMailbox()
    {
        var (slug, tenantId, admin) = await TenantAsync();
        using var _ = admin;
        var big = DevMailboxes.NewFolder("big");
        var small = Enumerable.Range(1, 4).Select(i => DevMailboxes.NewFolder($"s{i}")).ToList();
        await DevMailboxes.AppendAsync(ImapUser, big, Enumerable.Range(1, 1000).Select(i => Mail($"Big {i}")));
        foreach (var (folder, i) in small.Select((f, i) => (f, i)))
        {
            await DevMailboxes.AppendAsync(ImapUser, folder, Enumerable.Range(1, 3).Select(n => Mail($"Small {i}.{n}")));
        }

        // Created disabled, then enabled together in one statement, so that the first cycle sees all five.
        var accounts = new List<Guid> { await ImapAccountAsync(admin, slug, big, enabled: false) };
        foreach (var folder in small)
        {
            accounts.Add(await ImapAccountAsync(admin, slug, folder, enabled: false));
        }

        await server.TenantAsync(tenantId, db => db.InboundAccounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.Enabled, true)));
        await server.CatalogAsync(c => c.MailFetchAccounts.Where(a => accounts.Contains(a.AccountId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Enabled, true)));
        await WaitForMessagesAsync(tenantId, 1012, TimeSpan.FromMinutes(4));

        // Round one takes three from each of the five accounts: the twelve small ones are among the first fifteen.
        var order = await server.TenantAsync(tenantId, db => db.Requests.OrderBy(r => r.Number).Select(r => r.Subject).ToListAsync());
        Assert.Equal(1012, order.Distinct(StringComparer.Ordinal).Count());
        Assert.All(order.Where(s => s.StartsWith("Small", StringComparison.Ordinal)), s => Assert.InRange(order.IndexOf(s), 0, 14));
        Assert.Equal(12, order.Take(15).Count(s => s.StartsWith("Small", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task KeepEveryHostileMessageDeliveredThroughPostfixAndKeepFlowing()
    {
        var (slug, tenantId, admin) = await TenantAsync();
        using var _ = admin;
        var folder = DevMailboxes.NewFolder("h");
        await DevMailboxes.CreateAsync(PostfixUser, folder);
        var accountId = await ImapAccountAsync(admin, slug, folder, user: PostfixUser);
        var recipient = $"{PostfixUser}+{folder}@cc.test";

        var accepted = 0;
        foreach (var raw in HostileCorpus())
        {
            accepted += await DevMailboxes.SubmitAsync(PostfixUser, recipient, raw) ? 1 : 0;
        }

        await Poll.UntilAsync(() => DevMailboxes.KeywordsAsync(PostfixUser, folder), k => k?.Count == accepted, $"Dovecot to hold the {accepted} accepted messages");
        // A bound on waiting, not a speed check (docs/benchmarks.md measures the ingest): near the end of a test run on a
        // busy two-core machine, the hostile messages Postfix accepts (up to 200 KB each) have taken over three minutes.
        await Poll.UntilAsync(
            () => server.TenantAsync(tenantId, db => db.MailReceipts.CountAsync(r => r.AccountId == accountId)), n => n == accepted,
            "a receipt for every delivered message", TimeSpan.FromMinutes(6));
        await DevMailboxes.SubmitAsync(PostfixUser, recipient, System.Text.Encoding.ASCII.GetBytes(
            "From: after@example.org\r\nTo: support@acme.example\r\nSubject: After the storm\r\nMessage-ID: <after-" + folder + "@example.org>\r\n\r\nStill flowing.\r\n"));
        var after = await Poll.UntilAsync(
            () => server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Subject == "After the storm")), r => r is not null,
            "the mail sent after the hostile ones");

        // Nothing vanished: every receipt names a request message, a quarantine entry, or (a duplicate) the one it repeats.
        var receipts = await server.TenantAsync(tenantId, db => db.MailReceipts.AsNoTracking().Where(r => r.AccountId == accountId).ToListAsync());
        var messages = await server.TenantAsync(tenantId, db => db.RequestMessages.Select(m => m.Id).ToListAsync());
        var quarantined = await server.TenantAsync(tenantId, db => db.Quarantine.Select(q => q.RawMailId).ToListAsync());
        Assert.True(accepted >= 60, $"Postfix accepted only {accepted} messages");
        Assert.Equal(accepted + 1, receipts.Count);
        Assert.All(receipts, r => Assert.True(
            r.Outcome switch
            {
                ReceiptOutcome.Message => messages.Contains(r.RequestMessageId!.Value),
                ReceiptOutcome.Quarantined => quarantined.Contains(r.RawMailId),
                _ => r.RequestMessageId is { } repeated ? messages.Contains(repeated) : quarantined.Contains(r.RawMailId),
            },
            $"receipt {r.Uid} ({r.Outcome}) names nothing kept"));
        Assert.Equal(receipts.Count(r => r.Outcome == ReceiptOutcome.Message), messages.Count);
        Assert.Equal(RequestStatus.Open, after!.Status);
        var keywords = await Poll.UntilAsync(
            () => DevMailboxes.KeywordsAsync(PostfixUser, folder), k => k!.All(set => set.Contains(AccountFetch.ImportedKeyword)), "every server copy to be flagged");
        Assert.Equal(accepted + 1, keywords!.Count);
    }

    [Fact]
    public async Task BringMailOfAGlobalAccountToItsTenantByTokenAndQuarantineTheRest()
    {
        var (slug, tenantId, admin) = await TenantAsync();
        using var _ = admin;
        var inbound = DevMailboxes.NewFolder("in");
        await DevMailboxes.AppendAsync(ImapUser, inbound, [Mail("Where is my parcel", "eve@example.org")]);
        await ImapAccountAsync(admin, slug, inbound);
        await WaitForMessagesAsync(tenantId, 1);
        var request = await server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleAsync());
        // The token went out with an answer (the outbox registers it).
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MailTokenDirectory>().RegisterAsync(tenantId, request.Token, CancellationToken.None);
        }

        var global = DevMailboxes.NewFolder("g");
        await DevMailboxes.AppendAsync(ImapUser, global, [
            Mail("Re: Where is my parcel", "expert@partner.example", inReplyTo: RequestTokens.NewMessageId(request.Token, "cc.test")),
            Mail("Nobody's business", "stranger@example.org")]);
        using var platformOperator = await server.CreateOperatorClientAsync();
        var accountId = await TenantApi.CreateAsync(platformOperator, "/api/platform/system-accounts", new
        {
            type = "reply", name = $"Global {global}", emailAddress = "replies@platform.example", protocol = "imap", tlsMode = "implicit",
            host = DevMailboxes.Host, port = DevMailboxes.ImapsPort, userName = $"{ImapUser}@cc.test", secret = DevMailboxes.PasswordOf(ImapUser), folder = global,
        });

        await WaitForMessagesAsync(tenantId, 2);
        var quarantined = await Poll.UntilAsync(
            () => server.CatalogAsync(c => c.GlobalQuarantine.AsNoTracking().Where(q => q.AccountId == accountId).ToListAsync()), q => q.Count > 0,
            "the global quarantine to keep the mail without a token");
        await Poll.UntilAsync(
            () => DevMailboxes.KeywordsAsync(ImapUser, global), k => k!.All(set => set.Contains(AccountFetch.ImportedKeyword)), "both server copies to be flagged");
        using (await platformOperator.DeleteAsync($"/api/platform/system-accounts/{accountId}"))
        {
        }

        var joined = await server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleAsync());
        var reply = await server.TenantAsync(tenantId, db => db.RequestMessages.AsNoTracking().SingleAsync(m => m.AccountId == accountId));
        var entry = Assert.Single(quarantined);
        Assert.Equal((request.Id, 2), (joined.Id, joined.MessageCount));
        Assert.Equal(("expert@partner.example", request.Id), (reply.FromAddress, reply.RequestId));
        Assert.Equal(RequestFromMail.UnroutableCode, entry.ReasonCode);
        Assert.Contains("Nobody's business", System.Text.Encoding.UTF8.GetString(entry.Content), StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(entry.Content)), entry.Sha256);
    }

    private static IEnumerable<byte[]> HostileCorpus() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Corpus"), "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            .Concat(ContactCenter.Mail.Tests.Support.HostileMessages.All.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value()));

    private async Task<(string Slug, Guid TenantId, HttpClient Admin)> TenantAsync()
    {
        var slug = await server.SignUpAsync();
        return (slug, await TenantApi.TenantIdAsync(server, slug), await TenantClients.AdministratorAsync(server, slug));
    }

    private Task<int> WaitForMessagesAsync(Guid tenantId, int count, TimeSpan? limit = null) =>
        Poll.UntilAsync(() => server.TenantAsync(tenantId, db => db.RequestMessages.CountAsync()), n => n >= count, $"{count} request messages", limit);

    private static Task<Guid> ImapAccountAsync(
        HttpClient admin, string slug, string folder, bool keepOnServer = true, string? importedFolder = null, bool enabled = true, string user = ImapUser) =>
        TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound", new
        {
            name = "IMAP " + folder, protocol = "imap", tlsMode = "implicit", host = DevMailboxes.Host, port = DevMailboxes.ImapsPort,
            userName = $"{user}@cc.test", secret = DevMailboxes.PasswordOf(user), folder, keepOnServer, importedFolder, enabled,
        });

    private static Task<Guid> Pop3AccountAsync(HttpClient admin, string slug, string user, bool keepOnServer) =>
        TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound", new
        {
            name = "POP3 " + user, protocol = "pop3", tlsMode = "implicit", host = DevMailboxes.Host, port = DevMailboxes.Pop3sPort,
            userName = $"{user}@cc.test", secret = DevMailboxes.PasswordOf(user), keepOnServer,
        });

    private static MimeMessage Mail(string subject, string from = "customer@example.org", string? inReplyTo = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org"), Date = DateTimeOffset.UtcNow };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("support@acme.example"));
        message.InReplyTo = inReplyTo;
        message.Body = new TextPart("plain") { Text = $"About: {subject}" };
        return message;
    }
}

/// <summary>A server of the fetch tests alone: it fetches every 2 s, and a dead holder's lease runs out after 5 s.</summary>
public abstract class MailFetchServerFixture : ServerFixture
{
    /// <summary>POP3 sees only a maildrop's INBOX: each provider's tests have their own two users.</summary>
    public abstract (string Keeping, string Deleting) Pop3Users { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:FetchEnabled", "true");
        builder.UseSetting("Mail:FetchInterval", "00:00:02");
        builder.UseSetting("Mail:FetchLease", "00:00:05");
        builder.UseSetting("Mail:DirectorySyncInterval", "00:00:03");
    }
}

public sealed class MailFetchSqliteServerFixture : MailFetchServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override (string Keeping, string Deleting) Pop3Users => ("fetch2", "fetch3");
}

public sealed class MailFetchPostgresServerFixture : MailFetchServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override (string Keeping, string Deleting) Pop3Users => ("fetch4", "fetch5");
}

public sealed class MailFetchCycleOnSqlite(MailFetchSqliteServerFixture server) : MailFetchCycleShould<MailFetchSqliteServerFixture>(server);

public sealed class MailFetchCycleOnPostgres(MailFetchPostgresServerFixture server) : MailFetchCycleShould<MailFetchPostgresServerFixture>(server);
