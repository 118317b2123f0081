using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// Answering a request through the API: the proposal (template filled in, recipients, sender), the answer through the
/// outbox (sanitised, threaded, tagged, delivered by the dev Postfix), the refusals, drafts and the caller's scope.
/// </summary>
public abstract class RequestRepliesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Sender = "grace@cc.test";
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ProposeTheCategorysDefaultTemplateFilledInWithRecipientsAndSender()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);

        var proposal = await TenantApi.JsonAsync(await admin.GetAsync($"api/requests/{setup.RequestId}/reply-proposal"), HttpStatusCode.OK);

        Assert.Equal(Sender, proposal.GetProperty("from").GetString());
        Assert.Equal(["Frank Customer <frank@customer.test>"], Strings(proposal.GetProperty("to")));
        // The shop's own address and the do-not-reply address are not proposed; the customer's colleague is.
        Assert.Equal(["heidi@customer.test"], Strings(proposal.GetProperty("cc")));
        Assert.Equal("Re: Where is my parcel? [#1]", proposal.GetProperty("subject").GetString());
        Assert.Equal(setup.DefaultTemplateId, proposal.GetProperty("templateId").GetGuid());
        var body = proposal.GetProperty("body").GetString()!;
        var today = TenantTime.In(DateTimeOffset.UtcNow, "Europe/Berlin").ToString("D", System.Globalization.CultureInfo.GetCultureInfo("en"));
        Assert.Equal($"<p>Dear Frank Customer,<br>about request 1 &amp; more.</p><p>Kind regards<br>admin@{setup.Slug}.example {today}</p>", body);
        Assert.Equal(["Standard", "Short"], proposal.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());
        var block = Assert.Single(proposal.GetProperty("textBlocks").EnumerateArray());
        Assert.Equal(("Opening hours", "<p>We are open from 9 to 5, Frank Customer.</p>"), (block.GetProperty("name").GetString(), block.GetProperty("body").GetString()));
        var attachment = Assert.Single(proposal.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("terms.pdf", false), (attachment.GetProperty("fileName").GetString(), attachment.GetProperty("own").GetBoolean()));
        Assert.True(proposal.GetProperty("spellCheck").GetBoolean());
        Assert.Equal(JsonValueKind.Null, proposal.GetProperty("draft").ValueKind);
    }

    [Fact]
    public async Task SendASanitisedThreadedAnswerThroughTheOutboxAndLetTheRequestWait()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);
        await TenantApi.JsonAsync(await admin.PutAsJsonAsync($"api/requests/{setup.RequestId}/draft", new { body = "<p>Half</p>" }), HttpStatusCode.OK);

        using var response = await admin.PostAsJsonAsync($"api/requests/{setup.RequestId}/replies", new
        {
            body = "<p onclick=\"steal()\">Hello <b>Frank</b>,<script>alert(1)</script></p><ul><li>one</li><li>two</li></ul>"
                + "<p><a href=\"javascript:alert(2)\">bad</a> <a href=\"https://shop.example/faq\">FAQ</a></p><img src=\"https://tracker.example/x.gif\">",
            to = "Frank Customer <frank@customer.test>",
            cc = new[] { "heidi@customer.test", "FRANK@customer.test" },
            attachmentIds = new[] { setup.AttachmentId },
        });

        var accepted = await TenantApi.JsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal("waiting", accepted.GetProperty("status").GetString());
        var id = accepted.GetProperty("id").GetGuid();
        var sent = await Poll.UntilAsync(
            () => server.TenantAsync(setup.TenantId, db => db.RequestMessages.AsNoTracking().Include(m => m.Attachments).SingleAsync(m => m.Id == id)),
            m => m.Delivery != DeliveryState.Pending, "the answer to be sent", Poll.SentLimit);
        Assert.Equal((MessageDirection.Out, DeliveryState.Sent, Sender), (sent.Direction, sent.Delivery, sent.FromAddress));
        Assert.Equal("Re: Where is my parcel? [#1]", sent.Subject);
        Assert.Equal("first@customer.test", sent.InReplyTo);
        Assert.Equal("start@customer.test first@customer.test", sent.References);
        Assert.DoesNotContain("script", sent.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", sent.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", sent.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tracker.example", sent.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>Frank</b>", sent.Html, StringComparison.Ordinal);
        Assert.Equal("Hello Frank,\n\n- one\n- two\n\nbad FAQ (https://shop.example/faq)\n", sent.Text);
        Assert.Equal(["frank@customer.test"], RequestValues.Mailboxes(sent.To).Select(m => m.Address));
        // The customer named again in Cc is sent one copy.
        Assert.Equal(["heidi@customer.test"], RequestValues.Mailboxes(sent.Cc).Select(m => m.Address));
        Assert.Equal("terms.pdf", Assert.Single(sent.Attachments).Name);

        var request = await server.TenantAsync(setup.TenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == setup.RequestId));
        Assert.Equal((RequestStatus.Waiting, (Guid?)setup.AdminId, 2), (request.Status, request.AssigneeId, request.MessageCount));
        var changes = await server.TenantAsync(setup.TenantId, db => db.RequestHistory.AsNoTracking().Where(h => h.RequestId == setup.RequestId)
            .Select(h => h.Change).ToListAsync());
        // One instant for all three: their order among themselves is not defined.
        Assert.Equal(["assigned", "message-out", "status"], changes.Order(StringComparer.Ordinal));
        Assert.Equal(0, await server.TenantAsync(setup.TenantId, db => db.ReplyDrafts.CountAsync()));
        var mime = await server.TenantAsync(setup.TenantId, db => db.Outbox.AsNoTracking().Where(o => o.RequestMessageId == id).Select(o => o.Content).SingleAsync());
        using var message = MimeMessage.Load(new MemoryStream(mime));
        Assert.Equal("first@customer.test", message.InReplyTo);
        Assert.Equal(["start@customer.test", "first@customer.test"], message.References);
        Assert.Equal(Sender, message.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task SendTheTemplateWhenNoBodyIsGivenAndCloseWhenAsked()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);

        var accepted = await TenantApi.JsonAsync(
            await admin.PostAsJsonAsync($"api/requests/{setup.RequestId}/replies", new { templateId = setup.ShortTemplateId, close = true }), HttpStatusCode.Accepted);

        Assert.Equal("closed", accepted.GetProperty("status").GetString());
        var id = accepted.GetProperty("id").GetGuid();
        var sent = await server.TenantAsync(setup.TenantId, db => db.RequestMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal("Thanks, Frank Customer.", sent.Text?.Trim());
        var request = await server.TenantAsync(setup.TenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == setup.RequestId));
        Assert.Equal(RequestStatus.Closed, request.Status);
        Assert.NotNull(request.ClosedAt);
    }

    [Fact]
    public async Task RefuseABadAnswerWithTheFieldsProblemAndSendNothing()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);
        var url = $"api/requests/{setup.RequestId}/replies";

        var empty = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, new { body = "<p> <script>x</script></p>" }));
        var badAddress = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, new { body = "Hi", to = new[] { "frank@customer.test", "not an address" } }));
        var doNotReply = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, new { body = "Hi", cc = "noreply@customer.test" }));
        var noRecipient = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, new { body = "Hi", to = Array.Empty<string>() }));
        var template = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, new { templateId = Guid.NewGuid() }));
        var attachment = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync(url, new { body = "Hi", attachmentIds = new[] { setup.AttachmentId, Guid.NewGuid() } }));
        using var unknown = await admin.PostAsJsonAsync($"api/requests/{Guid.NewGuid()}/replies", new { body = "Hi" });

        Assert.Equal(["body"], empty.Keys);
        Assert.Equal(["to[1]"], badAddress.Keys);
        Assert.Contains("not an address", badAddress["to[1]"].Single(), StringComparison.Ordinal);
        Assert.Equal(["cc[0]"], doNotReply.Keys);
        Assert.Equal(["to"], noRecipient.Keys);
        Assert.Equal(["templateId", "body"], template.Keys);
        Assert.Equal(["attachmentIds[1]"], attachment.Keys);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await server.TenantAsync(setup.TenantId, db => db.OutboundSmtpServers.ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));
        using var noSender = await admin.PostAsJsonAsync(url, new { body = "Hi" });
        Assert.Equal(HttpStatusCode.Conflict, noSender.StatusCode);
        Assert.Equal("application/problem+json", noSender.Content.Headers.ContentType?.MediaType);

        var (outbox, messages, status) = await server.TenantAsync(setup.TenantId, async db =>
            (await db.Outbox.CountAsync(), await db.RequestMessages.CountAsync(m => m.Direction == MessageDirection.Out),
                await db.Requests.Where(r => r.Id == setup.RequestId).Select(r => r.Status).SingleAsync()));
        Assert.Equal((0, 0, RequestStatus.Open), (outbox, messages, status));
    }

    [Fact]
    public async Task KeepOneSanitisedDraftPerPersonAndRequest()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);
        var agentPerson = await _tokens.Oidc.CreatePersonAsync((setup.Slug, TenantRole.Agent));
        await RequestData.AddAsync(server, setup.TenantId, new GroupAssignment { PersonId = agentPerson.Id, AgentGroupId = setup.AgentGroupId });
        using var agent = await _tokens.ClientForAsync(agentPerson, setup.Slug);
        using var integration = await RequestData.ApiClientAsync(server, admin, setup.Slug, "tenant_administrator");
        var url = $"api/requests/{setup.RequestId}/draft";

        using var none = await admin.GetAsync(url);
        await TenantApi.JsonAsync(await admin.PutAsJsonAsync(url, new { body = "<p>First</p>" }), HttpStatusCode.OK);
        await TenantApi.JsonAsync(await admin.PutAsJsonAsync(url, new
        {
            body = "<p>Second<img src=x onerror=alert(1)></p>", to = "frank@customer.test", templateId = setup.ShortTemplateId, attachmentIds = new[] { setup.AttachmentId },
        }), HttpStatusCode.OK);
        await TenantApi.JsonAsync(await agent.PutAsJsonAsync(url, new { body = "<p>The agent's</p>" }), HttpStatusCode.OK);
        using var fromIntegration = await integration.PutAsJsonAsync(url, new { body = "<p>Nobody's</p>" });

        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        var draft = await TenantApi.JsonAsync(await admin.GetAsync(url), HttpStatusCode.OK);
        Assert.Equal(("<p>Second</p>", "frank@customer.test", setup.ShortTemplateId), (draft.GetProperty("body").GetString(), draft.GetProperty("to").GetString(), draft.GetProperty("templateId").GetGuid()));
        Assert.Equal([setup.AttachmentId], draft.GetProperty("attachmentIds").EnumerateArray().Select(a => a.GetGuid()));
        var proposal = await TenantApi.JsonAsync(await agent.GetAsync($"api/requests/{setup.RequestId}/reply-proposal"), HttpStatusCode.OK);
        Assert.Equal("<p>The agent's</p>", proposal.GetProperty("draft").GetProperty("body").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, fromIntegration.StatusCode);
        Assert.Equal(2, await server.TenantAsync(setup.TenantId, db => db.ReplyDrafts.CountAsync()));

        using var deleted = await admin.DeleteAsync(url);
        using var gone = await admin.GetAsync(url);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (deleted.StatusCode, gone.StatusCode));
        Assert.Equal(1, await server.TenantAsync(setup.TenantId, db => db.ReplyDrafts.CountAsync()));
    }

    [Fact]
    public async Task TakeEverySaveOfADraftWhenSavesCross()
    {
        var setup = await NewSetupAsync();
        using var admin = await _tokens.AdministratorAsync(setup.Slug);
        var url = $"api/requests/{setup.RequestId}/draft";

        // The first save of a draft inserts it: saves that cross (two tabs, a slow save and the next) all insert.
        var saves = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => admin.PutAsJsonAsync(url, new { body = $"<p>Save {i}</p>" })));

        Assert.All(saves, save => Assert.Equal(HttpStatusCode.OK, save.StatusCode));
        var body = (await TenantApi.JsonAsync(await admin.GetAsync(url), HttpStatusCode.OK)).GetProperty("body").GetString();
        Assert.Matches("^<p>Save [1-8]</p>$", body);
        Assert.Equal(1, await server.TenantAsync(setup.TenantId, db => db.ReplyDrafts.CountAsync()));
        foreach (var save in saves)
        {
            save.Dispose();
        }
    }

    [Fact]
    public async Task NotFindARequestOutsideTheCallersGroupsNorAnotherTenants()
    {
        var setup = await NewSetupAsync();
        var other = await NewSetupAsync();
        var outsider = await _tokens.Oidc.CreatePersonAsync((setup.Slug, TenantRole.Agent));
        using var agent = await _tokens.ClientForAsync(outsider, setup.Slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other.Slug);

        foreach (var client in new[] { agent, otherAdmin })
        {
            using var proposal = await client.GetAsync($"api/requests/{setup.RequestId}/reply-proposal");
            using var reply = await client.PostAsJsonAsync($"api/requests/{setup.RequestId}/replies", new { body = "Hi" });
            using var draft = await client.PutAsJsonAsync($"api/requests/{setup.RequestId}/draft", new { body = "Hi" });
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (proposal.StatusCode, reply.StatusCode, draft.StatusCode));
        }

        Assert.Equal(0, await server.TenantAsync(setup.TenantId, db => db.Outbox.CountAsync()));
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>
    /// A tenant with an outbound server (the dev Postfix's submission port, sender grace@cc.test), a do-not-reply
    /// address, a category with two templates, a text block and a prepared attachment, and a request in it with one
    /// received mail from frank@customer.test (to the shop and heidi, a reply in a thread of its own).
    /// </summary>
    private async Task<Setup> NewSetupAsync()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        return await server.TenantAsync(tenantId, async db =>
        {
            db.OutboundSmtpServers.Add(RequestData.DevPostfix(server, tenantId, Sender));
            var settings = await db.Settings.SingleAsync();
            settings.DoNotReplyAddresses = "noreply@customer.test";
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var category = new Category { AgentGroupId = general.AgentGroupId, Name = "Parcels" };
            db.Categories.Add(category);
            var standard = new AnswerTemplate
            {
                CategoryId = category.Id, Name = "Standard", IsDefault = true,
                Body = "Dear {customer.name},\nabout request {request.number} & more.\n\nKind regards\n{agent.name} {date}",
            };
            var shortOne = new AnswerTemplate { CategoryId = category.Id, Name = "Short", Body = "Thanks, {customer.name}." };
            var block = new TextBlock { Name = "Opening hours", Body = "We are open from 9 to 5, {customer.name}.", Channel = TextBlockChannel.Email };
            var otherBlock = new TextBlock { Name = "Elsewhere", Body = "Not for parcels.", Channel = TextBlockChannel.Email };
            var terms = new PreparedAttachment { FileName = "terms.pdf", MediaType = "application/pdf", Size = 5, Content = "%PDF-"u8.ToArray(), UploadedBy = "admin" };
            db.AddRange(standard, shortOne, block, otherBlock, terms);
            db.CategoryProfiles.Add(new CategoryProfile
            {
                Id = category.Id, TextBlockIds = CategoryProfile.FormatIds([block.Id]), PreparedAttachmentIds = CategoryProfile.FormatIds([terms.Id]),
            });
            var contact = new Contact { FirstName = "Frank", LastName = "Customer", Email = "frank@customer.test" };
            db.Contacts.Add(contact);
            var request = RequestData.NewRequest(1, "Where is my parcel?", categoryId: category.Id, contactEmail: "frank@customer.test");
            request.ContactId = contact.Id;
            db.Requests.Add(request);
            var raw = RequestData.Raw(RequestData.Mime("Where is my parcel?"));
            db.RawMails.Add(raw);
            var inbound = RequestData.Inbound(request, raw, 0, "Where is it?", "frank@customer.test");
            inbound.FromName = "Frank Customer";
            inbound.MessageId = "first@customer.test";
            inbound.References = "start@customer.test";
            inbound.To = """[{"name":"Shop","address":"grace@cc.test"},{"name":null,"address":"heidi@customer.test"}]""";
            inbound.Cc = """[{"name":null,"address":"noreply@customer.test"}]""";
            db.RequestMessages.Add(inbound);
            request.MessageCount = 1;
            await db.SaveChangesAsync();
            return new Setup(slug, tenantId, adminId, request.Id, general.AgentGroupId, standard.Id, shortOne.Id, terms.Id);
        });
    }

    private sealed record Setup(string Slug, Guid TenantId, Guid AdminId, Guid RequestId, Guid AgentGroupId, Guid DefaultTemplateId, Guid ShortTemplateId, Guid AttachmentId);
}

public sealed class RequestRepliesOnSqlite(SqliteServerFixture server) : RequestRepliesShould<SqliteServerFixture>(server);

public sealed class RequestRepliesOnPostgres(PostgresServerFixture server) : RequestRepliesShould<PostgresServerFixture>(server);

public sealed class RequestRepliesOnSqlServer(SqlServerServerFixture server) : RequestRepliesShould<SqlServerServerFixture>(server.Required());
