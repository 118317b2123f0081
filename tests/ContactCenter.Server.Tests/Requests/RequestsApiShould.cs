using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The request API: the list with its filters, search and paging, one request with its conversation, the originals, and who may read them.</summary>
public abstract class RequestsApiShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private static readonly string[] ListFields =
        ["id", "number", "subject", "status", "categoryId", "priority", "contactEmail", "messageCount", "createdAt", "updatedAt", "dueAt"];

    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ListOpenRequestsNewestUpdateFirstAndFilterByStatusAndCategory()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var category = await server.TenantAsync(tenantId, db => db.Categories.Select(c => c.Id).FirstAsync());
        var older = RequestData.NewRequest(1, "Older", updatedMinutes: 5, categoryId: category);
        var newer = RequestData.NewRequest(2, "Newer", updatedMinutes: 10);
        newer.Priority = RequestPriority.Urgent;
        newer.DueAt = RequestData.Start.AddHours(8);
        var waiting = RequestData.NewRequest(3, "Waiting", RequestStatus.Waiting, 20, category);
        var closed = RequestData.NewRequest(4, "Closed", RequestStatus.Closed, 30);
        await RequestData.AddAsync(server, tenantId, older, newer, waiting, closed);
        using var admin = await _tokens.AdministratorAsync(slug);

        var open = await TenantApi.JsonAsync(await admin.GetAsync("api/requests"), HttpStatusCode.OK);
        var all = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?status=all"), HttpStatusCode.OK);
        var onlyWaiting = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?status=waiting"), HttpStatusCode.OK);
        var onlyClosed = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?status=closed"), HttpStatusCode.OK);
        var inCategory = await TenantApi.JsonAsync(await admin.GetAsync($"api/requests?status=all&categoryId={category}"), HttpStatusCode.OK);

        Assert.Equal(2, open.GetProperty("total").GetInt32());
        var items = open.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Newer", "Older"], items.Select(i => i.GetProperty("subject").GetString()));
        Assert.Equal(ListFields.Order(), RequestData.Names(items[0]).Order());
        Assert.Equal((newer.Id, 2L, "open", "urgent", "customer2@example.com", 0), (items[0].GetProperty("id").GetGuid(), items[0].GetProperty("number").GetInt64(),
            items[0].GetProperty("status").GetString(), items[0].GetProperty("priority").GetString(), items[0].GetProperty("contactEmail").GetString(),
            items[0].GetProperty("messageCount").GetInt32()));
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("categoryId").ValueKind);
        Assert.Equal(category, items[1].GetProperty("categoryId").GetGuid());
        Assert.Equal("normal", items[1].GetProperty("priority").GetString());
        Assert.Equal(newer.DueAt, items[0].GetProperty("dueAt").GetDateTime().ToUniversalTime());
        Assert.Equal("2026-11-02T09:10:00Z", items[0].GetProperty("updatedAt").GetString());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("dueAt").ValueKind);
        Assert.Equal(["Closed", "Waiting", "Newer", "Older"], Subjects(all));
        Assert.Equal(["Waiting"], Subjects(onlyWaiting));
        Assert.Equal(["Closed"], Subjects(onlyClosed));
        Assert.Equal(["Waiting", "Older"], Subjects(inCategory));
    }

    [Fact]
    public async Task PageAndSearchSubjectSenderAndTextInAnyCase()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var requests = Enumerable.Range(1, 5).Select(i => RequestData.NewRequest(i, $"Question {i}", updatedMinutes: i)).ToList();
        requests[0].Subject = "Invoice missing";
        var raw2 = RequestData.Raw(RequestData.Mime("Question 2"));
        var raw3 = RequestData.Raw(RequestData.Mime("Question 3"));
        var bySender = RequestData.Inbound(requests[1], raw2, 1, fromAddress: "Jane.Roe@Sender.example");
        var byText = RequestData.Inbound(requests[2], raw3, 2, text: "My parcel never ARRIVED in Hamburg.", fromAddress: "someone@example.com");
        byText.FromName = "Someone";
        await RequestData.AddAsync(server, tenantId, [.. requests, raw2, raw3, bySender, byText]);
        using var admin = await _tokens.AdministratorAsync(slug);

        var second = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?pageSize=2&page=2"), HttpStatusCode.OK);
        var last = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?pageSize=2&page=3"), HttpStatusCode.OK);
        var beyond = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?pageSize=2&page=4"), HttpStatusCode.OK);
        var largest = await TenantApi.JsonAsync(await admin.GetAsync("api/requests?pageSize=200"), HttpStatusCode.OK);

        Assert.Equal(5, second.GetProperty("total").GetInt32());
        Assert.Equal(["Question 3", "Question 2"], Subjects(second));
        Assert.Equal(["Invoice missing"], Subjects(last));
        Assert.Empty(Subjects(beyond));
        Assert.Equal(5, Subjects(largest).Count);
        Assert.Equal(["Invoice missing"], await SearchAsync(admin, "INVOICE"));
        Assert.Equal(["Question 2"], await SearchAsync(admin, "jane.roe@sender"));
        Assert.Equal(["Question 3"], await SearchAsync(admin, "arrived in hamburg"));
        Assert.Equal(["Question 4"], await SearchAsync(admin, "customer4@"));
        Assert.Empty(await SearchAsync(admin, "nothing like this"));
    }

    [Fact]
    public async Task RefuseUnknownStatusesAndPagesOutOfRangeFieldByField()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);

        var badStatus = await TenantApi.FieldErrorsAsync(await admin.GetAsync("api/requests?status=pending"));
        var badPage = await TenantApi.FieldErrorsAsync(await admin.GetAsync("api/requests?page=0&pageSize=201"));
        var zeroSize = await TenantApi.FieldErrorsAsync(await admin.GetAsync("api/requests?status=everything&pageSize=0"));
        var longSearch = await TenantApi.FieldErrorsAsync(await admin.GetAsync("api/requests?q=" + new string('x', 201)));
        var notANumber = await TenantApi.FieldErrorsAsync(await admin.GetAsync("api/requests?page=first&categoryId=none"));

        Assert.Equal(["status"], badStatus.Keys);
        Assert.Equal("Choose the status open, waiting, active, closed or all.", Assert.Single(badStatus["status"]));
        Assert.Equal(["page", "pageSize"], badPage.Keys.Order());
        Assert.Equal(["pageSize", "status"], zeroSize.Keys.Order());
        Assert.Equal(["q"], longSearch.Keys);
        Assert.Equal(["categoryId", "page"], notANumber.Keys.Order());
    }

    [Fact]
    public async Task ShowARequestWithItsConversationNotesAndHistoryInTheDocumentedShape()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var contact = new Contact { FirstName = "Erika", LastName = "Mustermann", Email = "erika@example.com" };
        var request = RequestData.NewRequest(7, "Where is my parcel?", contactEmail: "erika@example.com");
        request.ContactId = contact.Id;
        request.MessageCount = 2;
        var rawText = RequestData.Mime("Where is my parcel?", "Hello,\r\nwhere is it?");
        var raw = RequestData.Raw(rawText);
        var inbound = RequestData.Inbound(request, raw, 1, text: "Hello,\nwhere is it?");
        inbound.Cc = """[{"name":null,"address":"boss@example.com"}]""";
        inbound.Html = """<p onclick="steal()">Hello <b>there</b></p><script>alert(1)</script><img src="cid:logo@example.com">""";
        var attachment = new MessageAttachment
        {
            MessageId = inbound.Id, Position = 0, Name = "receipt.pdf", ContentType = "application/pdf", Size = 3, Sha256 = new string('b', 64), Content = [1, 2, 3],
        };
        var outbound = new RequestMessage
        {
            RequestId = request.Id, Direction = MessageDirection.Out, MessageId = "cc.abc@tenant.example", FromName = "Support", FromAddress = "support@tenant.example",
            To = """[{"name":"Erika Mustermann","address":"erika@example.com"}]""", Subject = "Re: Where is my parcel?", Date = RequestData.Start.AddMinutes(5),
            ReceivedAt = RequestData.Start.AddMinutes(5), Text = "It is on its way.", Delivery = DeliveryState.Failed, DeliveryError = "550 mailbox unavailable",
        };
        var sent = Encoding.UTF8.GetBytes("From: support@tenant.example\r\nSubject: Re: Where is my parcel?\r\n\r\nIt is on its way.\r\n");
        var outbox = new OutboxMessage
        {
            RequestMessageId = outbound.Id, MessageId = outbound.MessageId, Sender = "support@tenant.example", Recipients = "erika@example.com", Content = sent,
            State = DeliveryState.Failed, CreatedAt = RequestData.Start, NextAttemptAt = RequestData.Start,
        };
        var note = new RequestNote { RequestId = request.Id, At = RequestData.Start.AddMinutes(2), Author = "agent@tenant.example", Text = "Called the carrier." };
        var created = new RequestHistoryEntry { RequestId = request.Id, At = RequestData.Start, Actor = "mail", Change = "created" };
        var changed = new RequestHistoryEntry
        {
            RequestId = request.Id, At = RequestData.Start.AddMinutes(3), Actor = "agent@tenant.example", Change = "changed", Field = "status", OldValue = "open", NewValue = "waiting",
        };
        await RequestData.AddAsync(server, tenantId, contact, request, raw, outbound, inbound, attachment, outbox, changed, note, created);
        using var admin = await _tokens.AdministratorAsync(slug);

        var detail = await TenantApi.JsonAsync(await admin.GetAsync($"api/requests/{request.Id}"), HttpStatusCode.OK);

        Assert.Equal([.. ListFields, "partitionId", "contactId", "linkedRequestId", "closedAt", "messages", "notes", "history", "assigneeId", "secondLevel"], RequestData.Names(detail));
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("secondLevel").ValueKind);
        Assert.Equal((7L, "open", contact.Id, 2), (detail.GetProperty("number").GetInt64(), detail.GetProperty("status").GetString(),
            detail.GetProperty("contactId").GetGuid(), detail.GetProperty("messageCount").GetInt32()));
        var messages = detail.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["in", "out"], messages.Select(m => m.GetProperty("direction").GetString()));
        var received = messages[0];
        Assert.Equal(["id", "direction", "messageId", "from", "to", "cc", "subject", "date", "receivedAt", "text", "html", "attachments", "automatic", "delivery", "deliveryError", "kind"],
            RequestData.Names(received));
        Assert.Equal("customer", received.GetProperty("kind").GetString());
        Assert.Equal((inbound.Id, inbound.MessageId, "Erika Mustermann", "erika@example.com"), (received.GetProperty("id").GetGuid(),
            received.GetProperty("messageId").GetString(), received.GetProperty("from").GetProperty("name").GetString(), received.GetProperty("from").GetProperty("address").GetString()));
        Assert.Equal(["name", "address"], RequestData.Names(received.GetProperty("to")[0]));
        Assert.Equal(("Support", "support@tenant.example"), (received.GetProperty("to")[0].GetProperty("name").GetString(), received.GetProperty("to")[0].GetProperty("address").GetString()));
        Assert.Equal("boss@example.com", received.GetProperty("cc")[0].GetProperty("address").GetString());
        Assert.Equal("2026-11-02T09:00:00Z", received.GetProperty("date").GetString());
        Assert.Equal("2026-11-02T09:01:00Z", received.GetProperty("receivedAt").GetString());
        Assert.Equal("Hello,\nwhere is it?", received.GetProperty("text").GetString());
        var html = received.GetProperty("html").GetString()!;
        Assert.Contains("<b>there</b>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"cid:logo@example.com\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        var file = Assert.Single(received.GetProperty("attachments").EnumerateArray());
        Assert.Equal(["id", "name", "contentType", "size", "sha256"], RequestData.Names(file));
        Assert.Equal((attachment.Id, "receipt.pdf", "application/pdf", 3L, new string('b', 64)), (file.GetProperty("id").GetGuid(), file.GetProperty("name").GetString(),
            file.GetProperty("contentType").GetString(), file.GetProperty("size").GetInt64(), file.GetProperty("sha256").GetString()));
        Assert.Equal((false, JsonValueKind.Null), (received.GetProperty("automatic").GetBoolean(), received.GetProperty("delivery").ValueKind));
        Assert.Equal(("failed", "550 mailbox unavailable"), (messages[1].GetProperty("delivery").GetString(), messages[1].GetProperty("deliveryError").GetString()));
        Assert.Equal(JsonValueKind.Null, messages[1].GetProperty("html").ValueKind);
        var notes = detail.GetProperty("notes").EnumerateArray().ToList();
        Assert.Equal(["id", "at", "author", "text"], RequestData.Names(Assert.Single(notes)));
        Assert.Equal(("agent@tenant.example", "Called the carrier.", "2026-11-02T09:02:00Z"), (notes[0].GetProperty("author").GetString(),
            notes[0].GetProperty("text").GetString(), notes[0].GetProperty("at").GetString()));
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["at", "actor", "change", "field", "oldValue", "newValue"], RequestData.Names(history[0]));
        Assert.Equal(["created", "changed"], history.Select(h => h.GetProperty("change").GetString()));
        Assert.Equal(("status", "open", "waiting"), (history[1].GetProperty("field").GetString(), history[1].GetProperty("oldValue").GetString(),
            history[1].GetProperty("newValue").GetString()));

        using var inboundRaw = await admin.GetAsync($"api/requests/{request.Id}/messages/{inbound.Id}/raw");
        using var outboundRaw = await admin.GetAsync($"api/requests/{request.Id}/messages/{outbound.Id}/raw");
        Assert.Equal(HttpStatusCode.OK, inboundRaw.StatusCode);
        Assert.Equal("message/rfc822", inboundRaw.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"7-1.eml\"", inboundRaw.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(rawText), await inboundRaw.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment; filename=\"7-2.eml\"", outboundRaw.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(sent, await outboundRaw.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnswerNotFoundForUnknownIdsAndForAnotherTenantsRequest()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var otherId = await TenantApi.TenantIdAsync(server, other);
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var foreign = RequestData.NewRequest(1, "Theirs");
        var foreignRaw = RequestData.Raw(RequestData.Mime("Theirs"));
        var foreignMessage = RequestData.Inbound(foreign, foreignRaw, 1);
        await RequestData.AddAsync(server, otherId, foreign, foreignRaw, foreignMessage);
        var mine = RequestData.NewRequest(1, "Mine");
        await RequestData.AddAsync(server, tenantId, mine);
        using var admin = await _tokens.AdministratorAsync(slug);
        admin.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        using var unknown = await admin.GetAsync($"api/requests/{Guid.NewGuid()}");
        using var theirs = await admin.GetAsync($"api/requests/{foreign.Id}");
        using var theirRaw = await admin.GetAsync($"api/requests/{foreign.Id}/messages/{foreignMessage.Id}/raw");
        using var wrongRequest = await admin.GetAsync($"api/requests/{mine.Id}/messages/{foreignMessage.Id}/raw");
        using var theirsThroughTheirPath = await admin.GetAsync($"/t/{other}/api/requests/{foreign.Id}");

        Assert.All(new[] { unknown, theirs, theirRaw, wrongRequest }, response =>
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.Forbidden, theirsThroughTheirPath.StatusCode);
    }

    [Fact]
    public async Task ShowEachCallerTheRequestsOfTheirGroupsAndNoOthersByAnyRoute()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        using var admin = await _tokens.AdministratorAsync(slug);
        var agentPerson = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var supervisorPerson = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        var (general, billing) = await server.TenantAsync(tenantId, async db =>
        {
            var category = await db.Categories.SingleAsync(c => c.IsDefault);
            var branch = await RequestData.NewBranchAsync(db, "Billing");
            var supervisors = await db.Categories.Where(c => c.Id == branch).Select(c => c.AgentGroup!.SupervisorGroupId).SingleAsync();
            db.GroupAssignments.Add(new GroupAssignment { PersonId = agentPerson.Id, AgentGroupId = category.AgentGroupId });
            db.GroupAssignments.Add(new GroupAssignment { PersonId = supervisorPerson.Id, SupervisorGroupId = supervisors });
            await db.SaveChangesAsync();
            return (category.Id, branch);
        });
        var inGeneral = RequestData.NewRequest(1, "General question", categoryId: general);
        var inBilling = RequestData.NewRequest(2, "Billing question", categoryId: billing);
        var uncategorised = RequestData.NewRequest(3, "Nobody's");
        var raw = RequestData.Raw(RequestData.Mime("Billing question"));
        var billingMessage = RequestData.Inbound(inBilling, raw, 1);
        await RequestData.AddAsync(server, tenantId, inGeneral, inBilling, uncategorised, raw, billingMessage);
        using var anonymous = server.CreateClient();
        using var agent = await _tokens.ClientForAsync(agentPerson, slug);
        using var supervisor = await _tokens.ClientForAsync(supervisorPerson, slug);
        using var supervisorClient = await RequestData.ApiClientAsync(server, admin, slug, "supervisor");
        using var agentClient = await RequestData.ApiClientAsync(server, admin, slug, "agent");

        using var anonymousList = await anonymous.GetAsync($"/t/{slug}/api/requests");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal(["General question"], await ListAsync(agent, "api/requests"));
        Assert.Equal(["Billing question"], await ListAsync(supervisor, "api/requests"));
        Assert.Equal(["Billing question", "General question", "Nobody's"], (await ListAsync(admin, "api/requests")).Order());
        Assert.Equal(["Billing question", "General question", "Nobody's"], (await ListAsync(supervisorClient, $"/t/{slug}/api/requests")).Order());
        Assert.Empty(await ListAsync(agentClient, $"/t/{slug}/api/requests"));

        // Outside the agent's groups a request does not exist: not to read, not its original, not to change.
        using var detail = await agent.GetAsync($"api/requests/{inBilling.Id}");
        using var original = await agent.GetAsync($"api/requests/{inBilling.Id}/messages/{billingMessage.Id}/raw");
        using var close = await agent.PostAsync($"api/requests/{inBilling.Id}/close", null);
        using var note = await agent.PostAsync($"api/requests/{uncategorised.Id}/notes", JsonContent.Create(new { text = "mine now" }));
        using var own = await agent.PostAsync($"api/requests/{inGeneral.Id}/close", null);
        using var supervisorsOriginal = await supervisor.GetAsync($"api/requests/{inBilling.Id}/messages/{billingMessage.Id}/raw");
        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { detail, original, close, note, own, supervisorsOriginal }.Select(r => r.StatusCode));
        var statuses = await server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().OrderBy(r => r.Number).Select(r => r.Status).ToListAsync());
        Assert.Equal([RequestStatus.Closed, RequestStatus.Open, RequestStatus.Open], statuses);
        Assert.Equal(0, await server.TenantAsync(tenantId, db => db.RequestNotes.CountAsync()));
    }

    [Fact]
    public async Task FilterByAssigneePartitionAndDueAndSortByDueForTheInbox()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        var now = server.Clock.GetUtcNow().UtcDateTime;
        var partition = new ClientPartition { Name = "Retail" };
        var overdue = RequestData.NewRequest(1, "Overdue");
        (overdue.DueAt, overdue.PartitionId, overdue.AssigneeId) = (now.AddHours(-2), partition.Id, adminId);
        var later = RequestData.NewRequest(2, "Later", updatedMinutes: 5);
        later.DueAt = now.AddDays(3);
        var waiting = RequestData.NewRequest(3, "Waiting without due time", RequestStatus.Waiting, 10);
        var closed = RequestData.NewRequest(4, "Closed long ago", RequestStatus.Closed, 15);
        closed.DueAt = now.AddHours(-5);
        await RequestData.AddAsync(server, tenantId, partition, overdue, later, waiting, closed);
        using var admin = await _tokens.AdministratorAsync(slug);

        async Task<List<string?>> SubjectsAsync(string query) => Subjects(await TenantApi.JsonAsync(await admin.GetAsync("api/requests?" + query), HttpStatusCode.OK));

        Assert.Equal(["Overdue", "Later", "Waiting without due time"], await SubjectsAsync("status=active&sort=due"));
        Assert.Equal(["Later", "Overdue"], await SubjectsAsync(""));
        Assert.Equal(["Closed long ago", "Overdue"], await SubjectsAsync("status=all&due=overdue&sort=due"));
        Assert.Equal(["Overdue"], await SubjectsAsync("status=ACTIVE&due=today"));
        Assert.Equal(["Overdue"], await SubjectsAsync("status=active&assignee=me"));
        Assert.Equal(["Overdue"], await SubjectsAsync($"status=active&assignee={adminId}"));
        Assert.Equal(["Later", "Waiting without due time"], await SubjectsAsync("status=active&assignee=none&sort=due"));
        Assert.Equal(["Overdue"], await SubjectsAsync($"status=all&partitionId={partition.Id}"));
        var refused = await TenantApi.FieldErrorsAsync(await admin.GetAsync("api/requests?sort=sideways&due=yesterday&assignee=somebody&partitionId=7"));
        Assert.Equal(["assignee", "due", "partitionId", "sort"], refused.Keys.Order());
    }

    [Fact]
    public async Task DescribeTheListInTheOpenApiDocument()
    {
        using var client = server.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        var names = paths.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/requests", names);
        Assert.Contains("/api/requests/{id}", names);
        Assert.Contains("/api/requests/{id}/messages/{messageId}/raw", names);
        Assert.Contains("/api/quarantine", names);
        Assert.Contains("/api/quarantine/{id}/raw", names);
        foreach (var action in new[] { "forward", "second-level", "reminder" })
        {
            Assert.True(paths.GetProperty($"/api/requests/{{id}}/{action}").TryGetProperty("post", out _), action);
        }

        Assert.True(paths.GetProperty("/api/notifications").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/quarantine/{id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/api/quarantine/{id}/retry").TryGetProperty("post", out _));
        var list = paths.GetProperty("/api/requests").GetProperty("get");
        Assert.Contains("newest updatedAt first", list.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(["status", "categoryId", "q", "page", "pageSize", "partitionId", "assignee", "due", "sort", "folder"], list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    private static async Task<List<string?>> ListAsync(HttpClient client, string url) =>
        Subjects(await TenantApi.JsonAsync(await client.GetAsync(url + "?status=all"), HttpStatusCode.OK));

    private static List<string?> Subjects(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()).ToList();

    private static async Task<List<string?>> SearchAsync(HttpClient client, string q) =>
        Subjects(await TenantApi.JsonAsync(await client.GetAsync("api/requests?status=all&q=" + Uri.EscapeDataString(q)), HttpStatusCode.OK));
}

public sealed class RequestsApiOnSqlite(SqliteServerFixture server) : RequestsApiShould<SqliteServerFixture>(server);

public sealed class RequestsApiOnPostgres(PostgresServerFixture server) : RequestsApiShould<PostgresServerFixture>(server);

public sealed class RequestsApiOnSqlServer(SqlServerServerFixture server) : RequestsApiShould<SqlServerServerFixture>(server.Required());
