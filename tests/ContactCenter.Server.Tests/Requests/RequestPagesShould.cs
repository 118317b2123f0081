using System.Net;
using System.Text;
using AngleSharp.Dom;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The request list, the request page and the quarantine page as a signed-in administrator sees them, in English and German.</summary>
public abstract class RequestPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task ListRequestsAndShowOneWithItsConversationInBothLanguages()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var category = await server.TenantAsync(tenantId, db => db.Categories.Select(c => new { c.Id, c.Name }).FirstAsync());
        var (categoryId, categoryName) = (category.Id, category.Name);
        var request = RequestData.NewRequest(7, "Where is my parcel?", categoryId: categoryId, contactEmail: "erika@example.com");
        var contact = new Contact { LastName = "Mustermann", Email = "erika@example.com" };
        request.ContactId = contact.Id;
        request.MessageCount = 2;
        var closed = RequestData.NewRequest(8, "Thanks, solved", RequestStatus.Closed);
        var rawText = RequestData.Mime("Where is my parcel?");
        var raw = RequestData.Raw(rawText);
        var inbound = RequestData.Inbound(request, raw, 1, text: "Hello,\nwhere is my parcel?");
        inbound.Html = "<p>Hello <b>there</b></p><script>alert('x')</script>";
        var attachment = new MessageAttachment
        {
            MessageId = inbound.Id, Position = 0, Name = "receipt.pdf", ContentType = "application/pdf", Size = 2048, Sha256 = new string('c', 64), Content = [1],
        };
        var outbound = new RequestMessage
        {
            RequestId = request.Id, Direction = MessageDirection.Out, FromAddress = "support@tenant.example", To = """[{"name":"Erika","address":"erika@example.com"}]""",
            Subject = "Re: Where is my parcel?", ReceivedAt = RequestData.Start.AddMinutes(5), Text = "It is on its way.", Delivery = DeliveryState.Sent,
        };
        var note = new RequestNote { RequestId = request.Id, At = RequestData.Start.AddMinutes(2), Author = "agent@tenant.example", Text = "Called the carrier." };
        var history = new RequestHistoryEntry { RequestId = request.Id, At = RequestData.Start, Actor = "mail", Change = "created" };
        var unknownChange = new RequestHistoryEntry { RequestId = request.Id, At = RequestData.Start.AddMinutes(1), Actor = "mail", Change = "changed" };
        await RequestData.AddAsync(server, tenantId, contact, request, closed, raw, inbound, attachment, outbound, note, history, unknownChange);
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);

        var list = await GetAsync(browser, $"/t/{slug}/requests", "en");
        var row = Assert.Single(list.QuerySelectorAll("tr[data-request]"));
        Assert.Equal(["#7", "Where is my parcel?", "Open", categoryName, "Normal", "erika@example.com", "2"], row.QuerySelectorAll("td").Take(7).Select(Text));
        Assert.Equal($"/t/{slug}/requests/{request.Id}", row.QuerySelector("a")?.GetAttribute("href"));
        Assert.Equal("1 request", list.QuerySelector("[data-total]")?.TextContent);
        var closedList = await GetAsync(browser, $"/t/{slug}/requests?status=closed&q=solved", "en");
        Assert.Equal(["#8"], closedList.QuerySelectorAll("tr[data-request] td:first-child").Select(Text));
        var inCategory = await GetAsync(browser, $"/t/{slug}/requests?status=all&categoryId={categoryId}", "en");
        Assert.Equal(["#7"], inCategory.QuerySelectorAll("tr[data-request] td:first-child").Select(Text));
        var german = await GetAsync(browser, $"/t/{slug}/requests", "de");
        Assert.Equal("Anfragen", german.QuerySelector("h1")?.TextContent);
        Assert.Equal("Offen", german.QuerySelectorAll("tr[data-request] td")[2].TextContent);
        Assert.Equal("1 Anfrage", german.QuerySelector("[data-total]")?.TextContent);
        var refused = await GetAsync(browser, $"/t/{slug}/requests?status=pending", "en", HttpStatusCode.BadRequest);
        Assert.Equal("Choose the status open, waiting, active, closed or all.", PageBrowser.ErrorText(refused, "status"));

        var page = await GetAsync(browser, $"/t/{slug}/requests/{request.Id}", "en");
        Assert.Equal("Request #7: Where is my parcel?", page.QuerySelector("h1")?.TextContent);
        Assert.Equal(("Open", categoryName, "Normal", "Mustermann <erika@example.com>", "No due date"), (Text(page.QuerySelector("[data-status]")!),
            Text(page.QuerySelector("[data-category]")!), Text(page.QuerySelector("[data-priority]")!), Text(page.QuerySelector("[data-contact]")!), Text(page.QuerySelector("[data-due]")!)));
        var messages = page.QuerySelectorAll("article[data-message]");
        Assert.Equal(["in", "out"], messages.Select(m => m.GetAttribute("data-direction")));
        Assert.Equal("Erika Mustermann <erika@example.com>", Text(messages[0].QuerySelector("[data-from]")!));
        Assert.Equal("Support <support@tenant.example>", Text(messages[0].QuerySelector("[data-to]")!));
        Assert.Equal("Hello,\nwhere is my parcel?", messages[0].QuerySelector("pre[data-text]")?.TextContent);
        var frame = messages[0].QuerySelector("iframe[data-html]")!;
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.Contains("<b>there</b>", frame.GetAttribute("srcdoc"), StringComparison.Ordinal);
        Assert.DoesNotContain("script", frame.GetAttribute("srcdoc"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("receipt.pdf (application/pdf, 2,048 bytes)", Text(messages[0].QuerySelector("li[data-attachment]")!));
        Assert.Null(messages[1].QuerySelector("iframe"));
        Assert.Equal("sent", Text(messages[1].QuerySelector("[data-delivery]")!));
        Assert.Contains("Called the carrier.", page.QuerySelector("[data-notes]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(["created", "changed"], page.QuerySelectorAll("[data-history] td[data-change]").Select(c => c.GetAttribute("data-change")));
        // A change with a text reads as words; one without keeps its code.
        Assert.Equal(["Created", "changed"], page.QuerySelectorAll("[data-history] td[data-change]").Select(Text));
        var rawLink = messages[0].QuerySelector("a[data-raw]")!.GetAttribute("href")!;
        Assert.Equal($"/t/{slug}/api/requests/{request.Id}/messages/{inbound.Id}/raw", rawLink);
        Assert.Equal(Encoding.UTF8.GetBytes(rawText), await browser.GetByteArrayAsync(rawLink));

        var germanPage = await GetAsync(browser, $"/t/{slug}/requests/{request.Id}", "de");
        Assert.Equal("Anfrage #7: Where is my parcel?", germanPage.QuerySelector("h1")?.TextContent);
        Assert.Equal(("Offen", "Kein Fälligkeitstermin"), (Text(germanPage.QuerySelector("[data-status]")!), Text(germanPage.QuerySelector("[data-due]")!)));
        Assert.StartsWith("Empfangen", germanPage.QuerySelector("article h3")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("receipt.pdf (application/pdf, 2.048 Bytes)", Text(germanPage.QuerySelector("li[data-attachment]")!));

        using var unknown = await browser.GetAsync($"/t/{slug}/requests/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task SayWhenThereIsNothingToShow()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var request = RequestData.NewRequest(1, "");
        await RequestData.AddAsync(server, tenantId, request);
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);

        var english = await GetAsync(browser, $"/t/{slug}/requests?status=closed", "en");
        var german = await GetAsync(browser, $"/t/{slug}/requests?status=waiting", "de");
        var quarantine = await GetAsync(browser, $"/t/{slug}/admin/quarantine", "en");
        var germanQuarantine = await GetAsync(browser, $"/t/{slug}/admin/quarantine", "de");
        var bare = await GetAsync(browser, $"/t/{slug}/requests/{request.Id}", "en");

        Assert.Equal("No requests match these filters.", english.QuerySelector("[data-empty]")?.TextContent);
        Assert.Equal("Keine Anfragen passen zu diesen Filtern.", german.QuerySelector("[data-empty]")?.TextContent);
        Assert.Equal("No messages in quarantine.", quarantine.QuerySelector("[data-empty]")?.TextContent);
        Assert.Equal("Keine Nachrichten in Quarantäne.", germanQuarantine.QuerySelector("[data-empty]")?.TextContent);
        Assert.Equal("Request #1: (no subject)", bare.QuerySelector("h1")?.TextContent);
        Assert.Equal(("No messages yet.", "No notes yet.", "No changes recorded yet."), (bare.QuerySelector("[data-empty]")?.TextContent,
            bare.QuerySelector("[data-empty-notes]")?.TextContent, bare.QuerySelector("[data-empty-history]")?.TextContent));
    }

    [Fact]
    public async Task ListQuarantinedMessagesWithTheirAccountAndDeleteThemThroughTheForm()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var account = new InboundAccount { Name = "Support inbox", Host = "imap.example.com", UserName = "support", Port = 993 };
        var raw = RequestData.Raw("broken message");
        var entry = new QuarantinedMail
        {
            AccountId = account.Id, RawMailId = raw.Id, ReceivedAt = RequestData.Start, ReasonCode = "unparseable", Reason = "The message has no header block.",
        };
        await RequestData.AddAsync(server, tenantId, account, raw, entry);
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var url = $"/t/{slug}/admin/quarantine";

        var page = await GetAsync(browser, url, "en");
        var row = page.QuerySelector($"tr[data-quarantined='{entry.Id}']")!;
        var cells = row.QuerySelectorAll("td").Select(Text).ToList();
        Assert.Equal(("Support inbox", "The message has no header block.", "14 bytes"), (cells[1], cells[2], cells[3]));
        Assert.Equal("unparseable", row.QuerySelector("[data-reason]")?.GetAttribute("data-reason"));
        Assert.Equal(raw.Content, await browser.GetByteArrayAsync(row.QuerySelector("a[data-raw]")!.GetAttribute("href")));
        var german = await GetAsync(browser, url, "de");
        Assert.Equal("Quarantäne", german.QuerySelector("h1")?.TextContent);
        Assert.Equal("14 Bytes", german.QuerySelectorAll($"tr[data-quarantined] td")[3].TextContent);

        var form = row.QuerySelector("form[data-delete]")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await PageBrowser.PostAsync(browser, form.GetAttribute("action")!, PageBrowser.Form(new() { ["__RequestVerificationToken"] = token }), HttpStatusCode.Redirect);
        var after = await GetAsync(browser, url, "en");

        Assert.Equal("The message was removed from quarantine.", after.QuerySelector("[data-done]")?.TextContent);
        Assert.Empty(after.QuerySelectorAll("tr[data-quarantined]"));
        Assert.False(await server.TenantAsync(tenantId, db => db.Quarantine.AnyAsync()));
    }

    [Fact]
    public async Task RetryAQuarantinedMessageThroughTheFormAndSayWhyItStillFails()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        await RequestData.DropDefaultCategoryAsync(server, tenantId);
        var entry = await RequestData.QuarantinedAsync(server, tenantId, RequestData.Mime("Lost in routing"));
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var url = $"/t/{slug}/admin/quarantine";
        var form = (await GetAsync(browser, url, "en")).QuerySelector($"tr[data-quarantined='{entry}'] form[data-retry]")!;
        var fields = PageBrowser.Form(new() { ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")! });

        var refused = PageBrowser.Parse(await PageBrowser.PostAsync(browser, form.GetAttribute("action")!, fields, HttpStatusCode.Conflict));
        Assert.StartsWith("No rule of the routing plan matches it", PageBrowser.ErrorText(refused, "id"), StringComparison.Ordinal);
        Assert.NotNull(refused.QuerySelector($"tr[data-quarantined='{entry}']"));

        await RequestData.RestoreDefaultCategoryAsync(server, tenantId);
        await PageBrowser.PostAsync(browser, form.GetAttribute("action")!, fields, HttpStatusCode.Redirect);
        var after = await GetAsync(browser, url, "en");
        var requestId = await server.TenantAsync(tenantId, db => db.Requests.Where(r => r.Subject == "Lost in routing").Select(r => r.Id).SingleAsync());

        Assert.Equal("The message went into a request.", after.QuerySelector("[data-done]")?.TextContent);
        Assert.Equal($"/t/{slug}/requests/{requestId}", after.QuerySelector("a[data-request]")?.GetAttribute("href"));
        Assert.Empty(after.QuerySelectorAll("tr[data-quarantined]"));
        var gone = PageBrowser.Parse(await PageBrowser.PostAsync(browser, form.GetAttribute("action")!, fields, HttpStatusCode.BadRequest));
        Assert.NotNull(PageBrowser.ErrorText(gone, "id"));
    }

    [Fact]
    public async Task ShowAgentsTheRequestsOfTheirGroupsOnlyAndKeepThemOutOfTheQuarantine()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var oidc = new OidcDriver(server);
        var agentPerson = await oidc.CreatePersonAsync((slug, Data.Catalog.TenantRole.Agent));
        var (general, billing) = await server.TenantAsync(tenantId, async db =>
        {
            var category = await db.Categories.SingleAsync(c => c.IsDefault);
            var branch = await RequestData.NewBranchAsync(db, "Billing");
            db.GroupAssignments.Add(new GroupAssignment { PersonId = agentPerson.Id, AgentGroupId = category.AgentGroupId });
            await db.SaveChangesAsync();
            return (category.Id, branch);
        });
        var mine = RequestData.NewRequest(1, "In my group", categoryId: general);
        var theirs = RequestData.NewRequest(2, "In another group", categoryId: billing);
        await RequestData.AddAsync(server, tenantId, mine, theirs);
        using var supervisor = await PageBrowser.SignInAsync(server, await oidc.CreatePersonAsync((slug, Data.Catalog.TenantRole.Supervisor)), slug);
        using var agent = await PageBrowser.SignInAsync(server, agentPerson, slug);

        var agentList = await GetAsync(agent, $"/t/{slug}/requests", "en");
        await GetAsync(agent, $"/t/{slug}/requests/{mine.Id}", "en");
        await GetAsync(agent, $"/t/{slug}/requests/{theirs.Id}", "en", HttpStatusCode.NotFound);
        using var supervisorQuarantine = await supervisor.GetAsync($"/t/{slug}/admin/quarantine");
        using var agentQuarantine = await agent.GetAsync($"/t/{slug}/admin/quarantine");

        Assert.Equal(["#1"], agentList.QuerySelectorAll("tr[data-request] td:first-child").Select(Text));
        Assert.True(Refused(supervisorQuarantine), $"{supervisorQuarantine.StatusCode} {supervisorQuarantine.Headers.Location}");
        Assert.True(Refused(agentQuarantine), $"{agentQuarantine.StatusCode} {agentQuarantine.Headers.Location}");

        static bool Refused(HttpResponseMessage response) => response.StatusCode is HttpStatusCode.Forbidden
            || response.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true;
    }

    [Fact]
    public async Task TakeRecategorisePrioritiseNoteAndCloseARequestFromItsPage()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var billing = await server.TenantAsync(tenantId, async db =>
        {
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var category = new Category { AgentGroupId = general.AgentGroupId, Name = "Billing" };
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category.Id;
        });
        var request = RequestData.NewRequest(3, "Invoice wrong");
        await RequestData.AddAsync(server, tenantId, request);
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var url = $"/t/{slug}/requests/{request.Id}";

        async Task PostAsync(string handler, Dictionary<string, string> fields)
        {
            var html = (await GetAsync(browser, url, "en")).DocumentElement.OuterHtml;
            using var response = await PageBrowser.PostHandlerAsync(browser, url, handler, html, fields);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler}: {(int)response.StatusCode}");
        }

        await PostAsync("AssignToMe", []);
        await PostAsync("Category", new() { ["categoryId"] = billing.ToString() });
        await PostAsync("Priority", new() { ["priority"] = "high" });
        await PostAsync("Note", new() { ["text"] = "Checked the invoice." });
        await PostAsync("Close", []);

        var stored = await server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == request.Id));
        Assert.Equal(((Guid?)adminId, (Guid?)billing, RequestPriority.High, RequestStatus.Closed), (stored.AssigneeId, stored.CategoryId, stored.Priority, stored.Status));
        var page = await GetAsync(browser, url, "en");
        Assert.Equal("Me", Text(page.QuerySelector("[data-assignee]")!));
        Assert.Equal("Closed", Text(page.QuerySelector("[data-status]")!));
        Assert.Equal("Reopen", Text(page.QuerySelector("[data-status-action]")!));
        Assert.Equal("Billing", page.QuerySelector("[data-category-choice] option[selected]")?.TextContent);
        Assert.Equal("high", page.QuerySelector("[data-priority-choice] option[selected]")?.GetAttribute("value"));
        Assert.Contains("Checked the invoice.", page.QuerySelector("[data-notes]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(["assigned", "recategorised", "priority", "note", "closed"], page.QuerySelectorAll("[data-history] td[data-change]").Select(c => c.GetAttribute("data-change")));
        Assert.Equal(["Assigned", "Moved to another category", "Priority changed", "Note added", "Closed"], page.QuerySelectorAll("[data-history] td[data-change]").Select(Text));

        var german = await GetAsync(browser, url, "de");
        var html = german.DocumentElement.OuterHtml;
        using var empty = new HttpRequestMessage(HttpMethod.Post, $"{url}?handler=Note")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = " ", ["__RequestVerificationToken"] = PageBrowser.AntiForgery(html) }),
        };
        empty.Headers.AcceptLanguage.ParseAdd("de");
        using var refused = await browser.SendAsync(empty);
        var refusedPage = PageBrowser.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(["text"], PageBrowser.ErrorFields(refusedPage));
        Assert.Equal("Wieder öffnen", Text(refusedPage.QuerySelector("[data-status-action]")!));
        Assert.Equal("Zugewiesen", Text(german.QuerySelector("[data-history] td[data-change]")!));
        Assert.Equal(1, await server.TenantAsync(tenantId, db => db.RequestNotes.CountAsync(n => n.RequestId == request.Id)));

        // To a person of the category's groups, chosen by name.
        var colleague = await new OidcDriver(server).CreatePersonAsync((slug, Data.Catalog.TenantRole.Agent));
        await server.TenantAsync(tenantId, async db =>
        {
            var group = await db.Categories.Where(c => c.Id == billing).Select(c => c.AgentGroupId).SingleAsync();
            db.GroupAssignments.Add(new GroupAssignment { PersonId = colleague.Id, AgentGroupId = group });
            return await db.SaveChangesAsync();
        });
        var offered = await GetAsync(browser, url, "en");
        Assert.Contains(offered.QuerySelectorAll("[data-assignee-choice] option"), o => o.GetAttribute("value") == colleague.Id.ToString() && o.TextContent == colleague.Email);
        await PostAsync("Assign", new() { ["personId"] = colleague.Id.ToString() });
        Assert.Equal(colleague.Email, Text((await GetAsync(browser, url, "en")).QuerySelector("[data-assignee]")!));
        Assert.Equal((Guid?)colleague.Id, await server.TenantAsync(tenantId, db => db.Requests.Where(r => r.Id == request.Id).Select(r => r.AssigneeId).SingleAsync()));
    }

    [Fact]
    public async Task ShowTheInboxSoonestDueFirstWithOverdueMarkedInBothLanguages()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        var now = server.Clock.GetUtcNow().UtcDateTime;
        var overdue = RequestData.NewRequest(1, "Overdue");
        (overdue.DueAt, overdue.AssigneeId) = (now.AddHours(-2), adminId);
        var later = RequestData.NewRequest(2, "Later");
        later.DueAt = now.AddDays(3);
        var waiting = RequestData.NewRequest(3, "Waiting", RequestStatus.Waiting);
        var closed = RequestData.NewRequest(4, "Closed", RequestStatus.Closed);
        await RequestData.AddAsync(server, tenantId, overdue, later, waiting, closed);
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);

        var inbox = await GetAsync(browser, $"/t/{slug}/inbox", "en");
        var mine = await GetAsync(browser, $"/t/{slug}/inbox?mine=true", "en");
        var german = await GetAsync(browser, $"/t/{slug}/inbox?due=overdue", "de");
        var refused = await GetAsync(browser, $"/t/{slug}/inbox?due=yesterday", "en", HttpStatusCode.BadRequest);

        var rows = inbox.QuerySelectorAll("tr[data-request]");
        Assert.Equal(["#1", "#2", "#3"], rows.Select(r => Text(r.QuerySelectorAll("td")[1])));
        Assert.Equal(["overdue", "", ""], rows.Select(r => r.GetAttribute("data-due-mark")));
        Assert.Equal("overdue", inbox.QuerySelector("[data-overdue]")?.TextContent.Trim());
        Assert.Equal(["#1"], mine.QuerySelectorAll("tr[data-request] td:nth-child(2)").Select(Text));
        Assert.Equal("Posteingang", german.QuerySelector("h1")?.TextContent);
        Assert.Equal(["#1"], german.QuerySelectorAll("tr[data-request] td:nth-child(2)").Select(Text));
        Assert.Equal("überfällig", german.QuerySelector("[data-overdue]")?.TextContent.Trim());
        Assert.Equal("Choose overdue or today.", PageBrowser.ErrorText(refused, "filters"));
    }

    [Fact]
    public async Task AnswerFromThePageAndListTheContactsOtherRequests()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var (request, earlier) = await server.TenantAsync(tenantId, async db =>
        {
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            db.AnswerTemplates.Add(new AnswerTemplate { CategoryId = general.Id, Name = "Standard", IsDefault = true, Body = "Dear {customer.name}, <thanks>" });
            // Never reached: the answer waits in the outbox, which is all this test looks at.
            db.OutboundSmtpServers.Add(new OutboundSmtpServer { Name = "Nowhere", Host = "127.0.0.1", Port = 9, TlsMode = MailTlsMode.None, SenderAddresses = "support@shop.example" });
            var contact = new Contact { FirstName = "Ann", Email = "ann@example.org" };
            db.Contacts.Add(contact);
            var request = RequestData.NewRequest(2, "Second question", categoryId: general.Id, contactEmail: "ann@example.org");
            var earlier = RequestData.NewRequest(1, "First question", RequestStatus.Closed, categoryId: general.Id, contactEmail: "ann@example.org");
            request.ContactId = earlier.ContactId = contact.Id;
            db.Requests.AddRange(request, earlier, RequestData.NewRequest(3, "Someone else's", categoryId: general.Id));
            await db.SaveChangesAsync();
            return (request.Id, earlier.Id);
        });
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var url = $"/t/{slug}/requests/{request}";

        var page = await GetAsync(browser, url, "en");
        Assert.Equal([earlier.ToString()], page.QuerySelectorAll("[data-other-request]").Select(e => e.GetAttribute("data-other-request")));
        Assert.Equal("<p>Dear Ann, &lt;thanks&gt;</p>", page.QuerySelector("textarea[data-reply-body]")?.TextContent);
        Assert.Equal("ann@example.org", page.QuerySelector("[data-reply-to]")?.GetAttribute("value"));
        Assert.Equal("support@shop.example", Text(page.QuerySelector("[data-reply-from]")!));
        Assert.Equal("Re: Second question [#2]", Text(page.QuerySelector("[data-reply-subject]")!));
        var html = page.DocumentElement.OuterHtml;
        using (var empty = await PageBrowser.PostHandlerAsync(browser, url, "Reply", html, new() { ["body"] = "<p> </p>", ["to"] = "ann@example.org" }))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Equal(["body"], PageBrowser.ErrorFields(PageBrowser.Parse(await empty.Content.ReadAsStringAsync())));
        }

        using (var sent = await PageBrowser.PostHandlerAsync(browser, url, "Reply", html, new() { ["body"] = "<p>Here it <b>is</b>.</p>", ["to"] = "ann@example.org", ["close"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.EndsWith("#reply", sent.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var after = await GetAsync(browser, $"{url}?sent=true", "de");
        Assert.NotNull(after.QuerySelector("[data-reply-sent]"));
        Assert.Equal("Antwort", Text(after.QuerySelector("#reply-title")!));
        Assert.Equal("Geschlossen", Text(after.QuerySelector("[data-status]")!));
        var outbound = Assert.Single(after.QuerySelectorAll("article[data-direction='out']"));
        Assert.Equal("Here it is.", Text(outbound.QuerySelector("[data-text]")!));
        Assert.Equal(1, await server.TenantAsync(tenantId, db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task ListTheRequestsOfAllMyTenantsEachNamingItsTenant()
    {
        var first = await server.SignUpAsync();
        var second = await server.SignUpAsync();
        var oidc = new OidcDriver(server);
        var agent = await oidc.CreatePersonAsync((first, Data.Catalog.TenantRole.Agent), (second, Data.Catalog.TenantRole.Agent));
        var (mine, notMine) = await InScopeAndOutAsync(first, agent.Id, RequestData.Start.AddHours(2));
        var (theirs, _) = await InScopeAndOutAsync(second, agent.Id, RequestData.Start.AddHours(1));
        var browser = oidc.Browser();
        using (var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", agent.Email, agent.Password))
        using (var chosen = await OidcDriver.ChooseTenantAsync(browser, "/account/tenant", "*"))
        {
            Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        }

        var page = await GetAsync(browser, "/inbox/all", "en");
        var german = await GetAsync(browser, "/inbox/all?mine=true", "de");
        using var single = await PageBrowser.SignInAsync(server, agent, first);
        var oneTenant = await GetAsync(single, "/inbox/all", "en");

        var rows = page.QuerySelectorAll("tr[data-request]");
        Assert.Equal([(theirs, second), (mine, first)], rows.Select(r => (Guid.Parse(r.GetAttribute("data-request")!), r.GetAttribute("data-tenant"))));
        Assert.Equal($"Company {second}", Text(rows[0].QuerySelector("td")!));
        Assert.Equal($"/t/{first}/requests/{mine}", rows[1].QuerySelector("a")?.GetAttribute("href"));
        Assert.Equal("2", page.QuerySelector("[data-total]")?.GetAttribute("data-total"));
        Assert.DoesNotContain(notMine.ToString(), page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("Posteingang aller meiner Mandanten", Text(german.QuerySelector("h1")!));
        Assert.Equal("0", german.QuerySelector("[data-total]")?.GetAttribute("data-total"));
        Assert.Equal([mine.ToString()], oneTenant.QuerySelectorAll("tr[data-request]").Select(r => r.GetAttribute("data-request")));
    }

    /// <summary>In the tenant: one open request of a category of the agent's group, and one of a category outside it.</summary>
    private async Task<(Guid InScope, Guid OutOfScope)> InScopeAndOutAsync(string slug, Guid agentId, DateTime due)
    {
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        return await server.TenantAsync(tenantId, async db =>
        {
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var supervisors = await db.AgentGroups.Where(g => g.Id == general.AgentGroupId).Select(g => g.SupervisorGroupId).SingleAsync();
            var elsewhere = new AgentGroup { Name = "Elsewhere", SupervisorGroupId = supervisors };
            var other = new Category { AgentGroup = elsewhere, Name = "Other" };
            db.AddRange(elsewhere, other);
            db.GroupAssignments.Add(new GroupAssignment { PersonId = agentId, AgentGroupId = general.AgentGroupId });
            var inScope = RequestData.NewRequest(1, "Mine in " + slug, categoryId: general.Id);
            inScope.DueAt = due;
            var outOfScope = RequestData.NewRequest(2, "Not mine in " + slug, categoryId: other.Id);
            db.Requests.AddRange(inScope, outOfScope, RequestData.NewRequest(3, "Closed", RequestStatus.Closed, categoryId: general.Id));
            await db.SaveChangesAsync();
            return (inScope.Id, outOfScope.Id);
        });
    }

    private static string Text(IElement element) => element.TextContent.Trim();

    private static async Task<IDocument> GetAsync(HttpClient browser, string url, string language, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await browser.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} from {url}, got {(int)response.StatusCode} {response.Headers.Location}: {body[..Math.Min(body.Length, 2000)]}");
        return PageBrowser.Parse(body);
    }
}

public sealed class RequestPagesOnSqlite(SqliteServerFixture server) : RequestPagesShould<SqliteServerFixture>(server);

public sealed class RequestPagesOnPostgres(PostgresServerFixture server) : RequestPagesShould<PostgresServerFixture>(server);

public sealed class RequestPagesOnSqlServer(SqlServerServerFixture server) : RequestPagesShould<SqlServerServerFixture>(server.Required());
