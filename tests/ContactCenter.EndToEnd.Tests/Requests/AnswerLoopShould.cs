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
/// The whole loop across real mailboxes: a customer's mail, delivered by the dev Postfix into the shop's Dovecot folder,
/// is fetched into the right category; the administrator opens it from the inbox in Chromium and answers with the
/// category's template and a text block; the customer's mailbox receives the answer threaded and tagged; the
/// customer's answer to it lands on the same request, which is open again.
/// </summary>
public abstract class AnswerLoopShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    private const string Shop = "dave";
    private const string Customer = "erin";

    [Fact]
    public async Task TakeAMailAnswerItFromTheBrowserAndTakeTheCustomersAnswerBack()
    {
        var slug = await server.SignUpAsync();
        // Folders of their own (Postfix files user+detail mail into the detail folder), so runs never meet.
        var run = $"loop{Guid.NewGuid():N}"[..16];
        var shopAddress = $"{Shop}+{run}@cc.test";
        var customerAddress = $"{Customer}+{run}@cc.test";
        var tenantId = await SetUpShopAsync(slug, run, shopAddress);
        var question = new MimeMessage { Subject = "Parcel not delivered " + run, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test") };
        question.From.Add(new MailboxAddress("Erin Customer", customerAddress));
        question.To.Add(MailboxAddress.Parse(shopAddress));
        question.Body = new TextPart("plain") { Text = "My parcel has not arrived. Where is it?" };

        await TestMailbox.SendAsync(Customer, question);
        var requestId = await PollAsync(() => WithTenantAsync(tenantId, db => db.Requests.Select(r => (Guid?)r.Id).SingleOrDefaultAsync()), id => id is not null, "the mail to become a request");
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await AdministratorBrowser.SignInAsync(context, server, slug);
        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/inbox").ToString());
        await page.Locator($"tr[data-request='{requestId}'] a").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-category]")).ToHaveTextAsync("Parcels");
        var editor = page.Locator("[data-reply-editor]");
        await Assertions.Expect(editor).ToBeVisibleAsync();
        await page.Locator("[data-use-template]").ClickAsync();
        await Assertions.Expect(editor).ToContainTextAsync("Dear Erin Customer,");
        // The cursor to the end of the first paragraph, the text block in there.
        await editor.Locator("p").First.ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Locator("[data-insert-block]").ClickAsync();
        await editor.PressSequentiallyAsync(" Sorry!");
        await Assertions.Expect(page.Locator("[data-draft-status]")).ToHaveAttributeAsync("data-saved", "true");
        await page.Locator("[data-send]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-reply-sent]")).ToBeVisibleAsync();

        var sent = await PollAsync(
            () => WithTenantAsync(tenantId, db => db.RequestMessages.Where(m => m.Direction == MessageDirection.Out).Select(m => new { m.Delivery, m.DeliveryError }).SingleOrDefaultAsync()),
            m => m is not null && m.Delivery != DeliveryState.Pending, "the answer to be sent");
        Assert.True(sent!.Delivery == DeliveryState.Sent, sent.DeliveryError);
        var answer = await PollAsync(() => MessagesAsync(run), m => m.Count > 0, "the answer to reach the customer's mailbox");
        var reply = Assert.Single(answer);
        var number = await WithTenantAsync(tenantId, db => db.Requests.Select(r => r.Number).SingleAsync());
        Assert.Equal($"Re: Parcel not delivered {run} [#{number}]", reply.Subject);
        Assert.Equal(question.MessageId, reply.InReplyTo);
        Assert.Equal([question.MessageId], reply.References);
        Assert.Equal(shopAddress, reply.From.Mailboxes.Single().Address);
        Assert.Contains("Dear Erin Customer,", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("We deliver within two days. Sorry!", reply.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kind regards", reply.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Waiting, await WithTenantAsync(tenantId, db => db.Requests.Select(r => r.Status).SingleAsync()));

        var response = new MimeMessage { Subject = "Re: " + reply.Subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test"), InReplyTo = reply.MessageId };
        response.References.Add(question.MessageId);
        response.References.Add(reply.MessageId!);
        response.From.Add(new MailboxAddress("Erin Customer", customerAddress));
        response.To.Add(MailboxAddress.Parse(shopAddress));
        response.Body = new TextPart("plain") { Text = "Thanks, it just arrived." };
        await TestMailbox.SendAsync(Customer, response);

        var request = await PollAsync(() => WithTenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleAsync()), r => r.MessageCount == 3, "the customer's answer on the request");
        Assert.Equal(RequestStatus.Open, request.Status);
        await page.GotoAsync(new Uri(server.Address, $"/t/{slug}/requests/{requestId}").ToString());
        await Assertions.Expect(page.Locator("article[data-direction='in']").Last.Locator("[data-text]")).ToContainTextAsync("Thanks, it just arrived.");
        await Assertions.Expect(page.Locator("[data-status]")).ToHaveTextAsync("Open");
    }

    /// <summary>
    /// The shop: an IMAP account on the run's folder of dave's mailbox, dave's submission account as outbound server
    /// with the run's address as sender, a routing rule that files mail to that address under "Parcels", whose
    /// default template and text block the answer uses.
    /// </summary>
    private async Task<Guid> SetUpShopAsync(string slug, string run, string shopAddress)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var tenantId = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var protection = server.Services.GetRequiredService<IDataProtectionProvider>();
        var secret = MailSecrets.Protect(protection, tenantId, TestMailbox.PasswordOf(Shop));
        await WithTenantAsync(tenantId, async db =>
        {
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var parcels = new Category { AgentGroupId = general.AgentGroupId, Name = "Parcels" };
            var block = new TextBlock { Name = "Delivery times", Body = "We deliver within two days.", Channel = TextBlockChannel.Email };
            db.AddRange(parcels, block);
            db.AnswerTemplates.Add(new AnswerTemplate
            {
                CategoryId = parcels.Id, Name = "Standard", IsDefault = true, Body = "Dear {customer.name},\n\nKind regards\n{agent.name}",
            });
            db.CategoryProfiles.Add(new CategoryProfile { Id = parcels.Id, TextBlockIds = CategoryProfile.FormatIds([block.Id]) });
            db.RoutingRules.Add(new RoutingRule { Position = 1, Condition = RoutingCondition.RecipientAddress, Value = shopAddress, CategoryId = parcels.Id });
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

    private Task<T> WithTenantAsync<T>(Guid tenantId, Func<TenantDbContext, Task<T>> work) => LiveTenant.WithAsync(server, tenantId, work);

    private static async Task<IReadOnlyList<MimeMessage>> MessagesAsync(string folder)
    {
        await using var mailbox = await TestMailbox.OpenAsync(Customer);
        return await mailbox.MessagesAsync(folder);
    }

    private Task<T> PollAsync<T>(Func<Task<T>> ask, Func<T, bool> wanted, string what) => LiveTenant.PollAsync(server, ask, wanted, what);
}

public sealed class AnswerLoopOnSqlite(SqliteLiveServer server) : AnswerLoopShould<SqliteLiveServer>(server);

public sealed class AnswerLoopOnPostgres(PostgresLiveServer server) : AnswerLoopShould<PostgresLiveServer>(server);
