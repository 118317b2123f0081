using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.EndToEnd.Tests.Support;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace ContactCenter.EndToEnd.Tests.Requests;

/// <summary>
/// External forwarding and the 2nd-level query across real mailboxes. A customer's mail becomes a request; the
/// administrator forwards it from the request page in Chromium to an external contact, whose mailbox receives it with
/// the reply account's address (carrying the request's token) as Reply-To; their answer to that address is fetched
/// from the reply account and reaches the customer's mailbox, without what they quoted of ours. Then the administrator
/// asks a 2nd level, whose answer comes back through the 2nd-level reply account and shows on the page as a message
/// and a note, and the bell counts it.
/// </summary>
public abstract class ExternalLoopShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    private const string Shop = "dave";
    private const string Customer = "erin";
    private const string Expert = "carol";

    // The system accounts' mailboxes: plus-addressed mail is filed into the folder named after the detail, here the
    // request's token, so each run's system accounts read a folder of their own.
    private const string Replies = "frank";
    private const string SecondLevel = "grace";

    [Fact]
    public async Task PassAnExternalAnswerOnToTheCustomerAndBringA2ndLevelAnswerBackToTheAgent()
    {
        var slug = await server.SignUpAsync();
        var run = $"ext{Guid.NewGuid():N}"[..16];
        var shopAddress = $"{Shop}+{run}@cc.test";
        var customerAddress = $"{Customer}+{run}@cc.test";
        var expertAddress = $"{Expert}+{run}@cc.test";
        var tenantId = await SetUpShopAsync(slug, run, shopAddress);
        var question = new MimeMessage { Subject = "Broken lamp " + run, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test") };
        question.From.Add(new MailboxAddress("Erin Customer", customerAddress));
        question.To.Add(MailboxAddress.Parse(shopAddress));
        question.Body = new TextPart("plain") { Text = "My lamp arrived broken. Can you replace it?" };
        await TestMailbox.SendAsync(Customer, question);
        var request = await PollAsync(() => WithTenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleOrDefaultAsync()), r => r is not null, "the mail to become a request");
        await AddSystemAccountsAsync(tenantId, request!.Token);

        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);
        var requestPage = new Uri(server.Address, $"/t/{slug}/requests/{request.Id}").ToString();
        await page.GotoAsync(requestPage);
        await page.Locator("[data-forward] summary").ClickAsync();
        await page.Locator("[data-forward-to]").FillAsync(expertAddress);
        await page.Locator("[data-forward-body]").FillAsync("Internal: please replace the lamp and tell the customer.");
        await page.Locator("[data-forward-note]").FillAsync("Supplier handles breakage.");
        await page.Locator("[data-forward-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-external-sent]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-second-level]")).ToContainTextAsync(expertAddress);
        await Assertions.Expect(page.Locator("[data-folder]")).ToBeVisibleAsync();

        var forward = Assert.Single(await PollAsync(() => MessagesAsync(Expert, run), m => m.Count > 0, "the forward to reach the external contact"));
        Assert.Equal($"{Replies}+{request.Token}@cc.test", forward.ReplyTo.Mailboxes.Single().Address);
        Assert.Contains("My lamp arrived broken.", forward.TextBody, StringComparison.Ordinal);
        await TestMailbox.SendAsync(Expert, Answer(forward, expertAddress, "Dear Erin, a new lamp is on its way to you."));

        var passedOn = Assert.Single(await PollAsync(() => MessagesAsync(Customer, run), m => m.Count > 0, "the external answer to reach the customer"));
        Assert.Contains("a new lamp is on its way to you", passedOn.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal:", passedOn.TextBody, StringComparison.Ordinal);
        Assert.Equal((question.MessageId, shopAddress), (passedOn.InReplyTo, passedOn.From.Mailboxes.Single().Address));
        Assert.Equal($"Re: Broken lamp {run} [#{request.Number}]", passedOn.Subject);
        var answered = await PollAsync(() => WithTenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleAsync()), r => r.SecondLevelSince is null, "the request to leave the 2nd-level folder");
        Assert.Equal(RequestStatus.Waiting, answered.Status);

        await page.GotoAsync(requestPage);
        await Assertions.Expect(page.Locator("[data-kind='forward-answer']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-folder]")).ToHaveCountAsync(0);
        await page.Locator("[data-ask] summary").ClickAsync();
        await page.Locator("[data-ask-to]").FillAsync($"{Expert}+{run}q@cc.test");
        await page.Locator("[data-ask-body]").FillAsync("Is the lamp still under warranty?");
        await page.Locator("[data-ask-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-external-sent]")).ToBeVisibleAsync();

        var query = Assert.Single(await PollAsync(() => MessagesAsync(Expert, run + "q"), m => m.Count > 0, "the 2nd-level query to reach the external party"));
        Assert.Equal($"{SecondLevel}+{request.Token}@cc.test", query.ReplyTo.Mailboxes.Single().Address);
        await TestMailbox.SendAsync(Expert, Answer(query, $"{Expert}+{run}q@cc.test", "Yes, two years from delivery."));

        await PollAsync(() => WithTenantAsync(tenantId, db => db.RequestNotes.CountAsync()), n => n == 2, "the 2nd-level answer to become a note");
        await page.GotoAsync(requestPage);
        await Assertions.Expect(page.Locator("[data-kind='second-level-answer']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-notes] li").Last).ToContainTextAsync("Yes, two years from delivery.");
        await Assertions.Expect(page.Locator("[data-notes] li").Last).Not.ToContainTextAsync("warranty?");
        await Assertions.Expect(page.Locator("[data-status]")).ToHaveTextAsync("Open");
        await Assertions.Expect(page.Locator("[data-bell]")).ToHaveAttributeAsync("data-unread", "2");
        Assert.Single(await MessagesAsync(Customer, run));
    }

    /// <summary>An answer to <paramref name="ours"/> as a mail program writes it: to its Reply-To, threaded, ours quoted below.</summary>
    private static MimeMessage Answer(MimeMessage ours, string from, string text)
    {
        var answer = new MimeMessage { Subject = "Re: " + ours.Subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("partner.test"), InReplyTo = ours.MessageId };
        answer.References.Add(ours.MessageId!);
        answer.From.Add(new MailboxAddress("Carol Expert", from));
        answer.To.AddRange(ours.ReplyTo.Mailboxes);
        var quoted = string.Join('\n', (ours.TextBody ?? "").Split('\n').Select(line => "> " + line.TrimEnd('\r')));
        answer.Body = new TextPart("plain") { Text = $"{text}\n\nOn Monday, {ours.From.Mailboxes.Single().Address} wrote:\n{quoted}\n" };
        return answer;
    }

    /// <summary>
    /// The shop as in the answer loop: the run's folder of dave's mailbox as inbound account, dave's submission account as
    /// outbound server with the run's address as sender.
    /// </summary>
    private async Task<Guid> SetUpShopAsync(string slug, string run, string shopAddress)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var tenantId = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var secret = Secret(tenantId, Shop);
        await WithTenantAsync(tenantId, async db =>
        {
            db.OutboundSmtpServers.Add(new OutboundSmtpServer
            {
                Name = "Postfix", Host = TestMailbox.Host, Port = TestMailbox.Port("CC_MAIL_SUBMISSION_PORT"), TlsMode = MailTlsMode.StartTls,
                Authenticate = true, UserName = TestMailbox.AddressOf(Shop), ProtectedSecret = secret, SenderAddresses = shopAddress,
            });
            db.InboundAccounts.Add(new InboundAccount
            {
                Name = "Shop", Protocol = MailProtocol.Imap, Host = TestMailbox.Host, Port = TestMailbox.Port("CC_MAIL_IMAP_PORT"), TlsMode = MailTlsMode.None,
                UserName = TestMailbox.AddressOf(Shop), ProtectedSecret = secret, Folder = run,
            });
            return await db.SaveChangesAsync();
        });
        return tenantId;
    }

    /// <summary>The reply account and the 2nd-level reply account, each reading the folder its plus address with the token is filed into.</summary>
    private async Task AddSystemAccountsAsync(Guid tenantId, string token)
    {
        foreach (var user in new[] { Replies, SecondLevel })
        {
            await using var mailbox = await TestMailbox.OpenAsync(user);
            await mailbox.CreateFolderAsync(token);
        }

        await WithTenantAsync(tenantId, db =>
        {
            db.SystemAccounts.AddRange(
                SystemAccount(tenantId, SystemAccountType.Reply, Replies, token),
                SystemAccount(tenantId, SystemAccountType.SecondLevelReply, SecondLevel, token));
            return db.SaveChangesAsync();
        });
    }

    private SystemAccount SystemAccount(Guid tenantId, SystemAccountType type, string user, string folder) => new()
    {
        Type = type, Name = user, EmailAddress = TestMailbox.AddressOf(user), Protocol = MailProtocol.Imap, Host = TestMailbox.Host,
        Port = TestMailbox.Port("CC_MAIL_IMAP_PORT"), TlsMode = MailTlsMode.None, UserName = TestMailbox.AddressOf(user),
        ProtectedSecret = Secret(tenantId, user), Folder = folder, KeepOnServer = false,
    };

    private string Secret(Guid tenantId, string user) =>
        MailSecrets.Protect(server.Services.GetRequiredService<IDataProtectionProvider>(), tenantId, TestMailbox.PasswordOf(user));

    private Task<T> WithTenantAsync<T>(Guid tenantId, Func<TenantDbContext, Task<T>> work) => LiveTenant.WithAsync(server, tenantId, work);

    private static async Task<IReadOnlyList<MimeMessage>> MessagesAsync(string user, string folder)
    {
        await using var mailbox = await TestMailbox.OpenAsync(user);
        return await mailbox.MessagesAsync(folder);
    }

    private Task<T> PollAsync<T>(Func<Task<T>> ask, Func<T, bool> wanted, string what) => LiveTenant.PollAsync(server, ask, wanted, what);
}

public sealed class ExternalLoopOnSqlite(SqliteLiveServer server) : ExternalLoopShould<SqliteLiveServer>(server);

public sealed class ExternalLoopOnPostgres(PostgresLiveServer server) : ExternalLoopShould<PostgresLiveServer>(server);
