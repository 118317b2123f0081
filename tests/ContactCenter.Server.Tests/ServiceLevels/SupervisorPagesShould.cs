using System.Net;
using AngleSharp.Dom;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.ServiceLevels;

/// <summary>
/// The pages of service levels and the bell: the supervisor dashboard per category (counts, oldest, escalations, the
/// backlog chart) in English and German and only for supervisors; the notifications page and the bell's API, read
/// and marked read; the request page's forward form with its problem beside it and, once sent, the 2nd-level folder.
/// </summary>
public abstract class SupervisorPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ShowEachCategorysLoadToSupervisorsOnly()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var now = DateTime.UtcNow;
        var (returns, ids) = await server.TenantAsync(tenantId, async db =>
        {
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var category = new Category { AgentGroupId = general.AgentGroupId, Name = "Returns" };
            db.Categories.Add(category);
            var overdue = RequestData.NewRequest(1, "Late", categoryId: category.Id);
            (overdue.CreatedAt, overdue.DueAt) = (now.AddDays(-3), now.AddHours(-1));
            var warned = RequestData.NewRequest(2, "Warned", categoryId: category.Id);
            (warned.CreatedAt, warned.DueAt) = (now.AddDays(-1), now.AddDays(2));
            var waiting = RequestData.NewRequest(3, "Waiting", RequestStatus.Waiting, categoryId: category.Id);
            waiting.CreatedAt = now.AddDays(-2);
            var closed = RequestData.NewRequest(4, "Done", RequestStatus.Closed, categoryId: category.Id);
            (closed.CreatedAt, closed.ClosedAt) = (now.AddDays(-5), now.AddDays(-2));
            db.Requests.AddRange(overdue, warned, waiting, closed);
            await db.SaveChangesAsync();
            // The clock set no KPI times (the category has no KPI goal): a warning as a goal would have set it.
            (warned.KpiWarnAt, warned.KpiDueAt) = (now.AddMinutes(-5), now.AddHours(1));
            db.RequestHistory.Add(new RequestHistoryEntry { RequestId = overdue.Id, At = now.AddDays(-1), Actor = "system", Change = "escalated" });
            await db.SaveChangesAsync();
            return (category.Id, new[] { overdue.Id, warned.Id, waiting.Id, closed.Id });
        });
        using var admin = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var agentPerson = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var agent = await PageBrowser.SignInAsync(server, agentPerson, slug);

        var page = await GetAsync(admin, $"/t/{slug}/supervisor", "en");
        var german = await GetAsync(admin, $"/t/{slug}/supervisor", "de");
        using var refused = await agent.GetAsync($"/t/{slug}/supervisor");

        var row = page.QuerySelector($"[data-category-load='{returns}']")!;
        Assert.Equal(("2", "1", "1", "1", "1"), (Text(row, "[data-open]"), Text(row, "[data-waiting]"), Text(row, "[data-in-warning]"), Text(row, "[data-overdue]"), Text(row, "[data-escalations]")));
        Assert.Equal("Returns", row.QuerySelector("a")!.TextContent);
        var backlog = row.QuerySelector("[data-backlog]")!.GetAttribute("data-backlog")!.Split(',').Select(int.Parse).ToList();
        // Today: three open or waiting; three days ago the closed one was still open and the warned and waiting ones not there yet.
        Assert.Equal(14, backlog.Count);
        Assert.Equal((3, 2), (backlog[^1], backlog[^4]));
        Assert.Equal("Supervisor-Übersicht", german.QuerySelector("h1")!.TextContent);
        Assert.Equal("Überfällig", german.QuerySelectorAll("[data-dashboard] th")[5].TextContent);
        // Refused: forbidden, or sent to the access-denied page.
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true,
            $"{refused.StatusCode} {refused.Headers.Location}");
        Assert.Equal(4, ids.Length);
    }

    [Fact]
    public async Task ListThePersonsNotificationsCountTheUnreadAndMarkThemRead()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        var request = RequestData.NewRequest(9, "Lamp");
        await RequestData.AddAsync(server, tenantId, request,
            new Notification { PersonId = adminId, Kind = "forward-answered", Key = "a", RequestId = request.Id, Detail = "expert@partner.test", CreatedAt = DateTime.UtcNow.AddMinutes(-2) },
            new Notification { PersonId = adminId, Kind = "kpi-overdue", Key = "b", RequestId = request.Id, Detail = "Returns", CreatedAt = DateTime.UtcNow.AddMinutes(-1) },
            new Notification { PersonId = Guid.NewGuid(), Kind = "kpi-overdue", Key = "c", RequestId = request.Id, Detail = "Returns", CreatedAt = DateTime.UtcNow });
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        using var api = await _tokens.AdministratorAsync(slug);

        var list = await TenantApi.JsonAsync(await api.GetAsync("api/notifications"), HttpStatusCode.OK);
        var page = await GetAsync(browser, $"/t/{slug}/notifications", "en");
        var german = await GetAsync(browser, $"/t/{slug}/notifications", "de");

        Assert.Equal(2, list.GetProperty("unread").GetInt32());
        Assert.Equal(["Request 9 in Returns has passed its KPI goal.", "Request 9: expert@partner.test answered; the answer went to the customer."],
            list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.Equal(2, page.QuerySelectorAll("[data-notification][data-read='false']").Length);
        Assert.NotNull(page.QuerySelector("[data-bell]"));
        Assert.Contains("hat ihr KPI-Ziel überschritten", german.QuerySelector("[data-notifications]")!.TextContent, StringComparison.Ordinal);

        using var marked = await PageBrowser.PostHandlerAsync(browser, $"/t/{slug}/notifications", "ReadAll", page.DocumentElement.OuterHtml, []);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var after = await TenantApi.JsonAsync(await api.GetAsync("api/notifications"), HttpStatusCode.OK);
        Assert.Equal(0, after.GetProperty("unread").GetInt32());
        Assert.Equal(1, await server.TenantAsync(tenantId, db => db.Notifications.CountAsync(n => n.ReadAt == null)));
    }

    [Fact]
    public async Task ForwardFromTheRequestPageAndShowTheProblemBesideTheForm()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var request = RequestData.NewRequest(5, "Broken lamp", contactEmail: "erin@customer.test");
        await RequestData.AddAsync(server, tenantId, request, new OutboundSmtpServer
        {
            Name = "Nowhere", Host = "127.0.0.1", Port = 9, TlsMode = MailTlsMode.None, SenderAddresses = "shop@tenant.example",
        });
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var url = $"/t/{slug}/requests/{request.Id}";
        var fields = new Dictionary<string, string> { ["forwardTo"] = "expert@partner.test", ["forwardBody"] = "Please answer the customer.", ["forwardNote"] = "" };

        var before = await GetAsync(browser, url, "en");
        using var refused = await PageBrowser.PostHandlerAsync(browser, url, "Forward", before.DocumentElement.OuterHtml,
            new Dictionary<string, string>(fields) { ["forwardTo"] = "not an address" });
        var refusedPage = PageBrowser.Parse(await refused.Content.ReadAsStringAsync());
        await RequestData.AddAsync(server, tenantId, new SystemAccount { Type = SystemAccountType.Reply, Name = "Replies", EmailAddress = "replies@tenant.example" });
        using var sent = await PageBrowser.PostHandlerAsync(browser, url, "Forward", before.DocumentElement.OuterHtml, fields);
        var after = await GetAsync(browser, sent.Headers.Location!.OriginalString, "en");
        var folder = await GetAsync(browser, $"/t/{slug}/inbox?secondLevel=true", "en");
        var notInFolder = await GetAsync(browser, $"/t/{slug}/inbox?secondLevel=true&q=nothing-like-it", "en");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("is not an e-mail address", refusedPage.QuerySelector("[data-forward-form] [data-error-for='external.forward.to']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("not an address", refusedPage.QuerySelector("[data-forward-to]")!.GetAttribute("value"));
        Assert.Equal("Please answer the customer.", refusedPage.QuerySelector("[data-forward-body]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.NotNull(after.QuerySelector("[data-external-sent='forward']"));
        Assert.Contains("expert@partner.test", after.QuerySelector("[data-second-level]")!.TextContent, StringComparison.Ordinal);
        var headings = after.QuerySelectorAll("article[data-message] h3");
        var heading = headings[^1];
        Assert.Equal("forward", heading.GetAttribute("data-kind"));
        Assert.StartsWith("Forwarded externally:", heading.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(folder.QuerySelector($"tr[data-request='{request.Id}']"));
        Assert.True(folder.QuerySelector("[data-second-level-folder]")!.HasAttribute("checked"));
        Assert.Null(notInFolder.QuerySelector($"tr[data-request='{request.Id}']"));
    }

    private static string Text(IElement row, string selector) => row.QuerySelector(selector)!.TextContent.Trim();

    private static async Task<IDocument> GetAsync(HttpClient browser, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await browser.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 from {url}, got {(int)response.StatusCode} {response.Headers.Location}: {body[..Math.Min(body.Length, 2000)]}");
        return PageBrowser.Parse(body);
    }
}

public sealed class SupervisorPagesOnSqlite(SqliteServerFixture server) : SupervisorPagesShould<SqliteServerFixture>(server);

public sealed class SupervisorPagesOnPostgres(PostgresServerFixture server) : SupervisorPagesShould<PostgresServerFixture>(server);
