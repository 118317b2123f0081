using System.Net;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.RequestRouting;

/// <summary>The server-rendered routing plan mask over HTTP with the sign-in cookie.</summary>
public abstract class RoutingPlanPageShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task AddRulesRefuseInvalidOnesAndReorderThem()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var category = await server.TenantAsync(tenantId, db => db.Categories.Select(c => c.Id).FirstAsync());
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/routing";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);

        using var invalid = await PageBrowser.PostHandlerAsync(browser, page, "Add", html, new()
        {
            ["RuleForm.Condition"] = "sender", ["RuleForm.Value"] = "no address", ["RuleForm.CategoryId"] = category.ToString(), ["RuleForm.Priority"] = "high",
        });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        using var first = await PageBrowser.PostHandlerAsync(browser, page, "Add", html, new()
        {
            ["RuleForm.Condition"] = "subject-keyword", ["RuleForm.Value"] = "invoice", ["RuleForm.CategoryId"] = category.ToString(), ["RuleForm.Priority"] = "high",
        });
        using var second = await PageBrowser.PostHandlerAsync(browser, page, "Add", html, new()
        {
            ["RuleForm.Condition"] = "sender-domain", ["RuleForm.Value"] = "vip.example", ["RuleForm.CategoryId"] = category.ToString(), ["RuleForm.Priority"] = "urgent",
        });
        var secondId = await server.TenantAsync(tenantId, db => db.RoutingRules.Where(r => r.Value == "vip.example").Select(r => r.Id).SingleAsync());
        using var moved = await browser.PostAsync($"{page}?handler=Move&id={secondId}&by=-1", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageBrowser.AntiForgery(html),
        }));
        var rules = await server.TenantAsync(tenantId, db => db.RoutingRules.AsNoTracking().OrderBy(r => r.Position).Select(r => r.Value).ToListAsync());
        var listed = await browser.GetStringAsync(page);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull(PageBrowser.Parse(invalidHtml).GetElementById("value-error"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(["vip.example", "invoice"], rules);
        var rows = PageBrowser.Parse(listed).QuerySelectorAll("tr").Select(row => row.TextContent).ToList();
        var vip = rows.FindIndex(row => row.Contains("vip.example", StringComparison.Ordinal));
        var invoice = rows.FindIndex(row => row.Contains("invoice", StringComparison.Ordinal));
        Assert.True(vip >= 0 && invoice >= 0, "Both rules are listed.");
        Assert.True(vip < invoice, "The rule moved up is listed first.");
    }
}

public sealed class RoutingPlanPageOnSqlite(SqliteServerFixture server) : RoutingPlanPageShould<SqliteServerFixture>(server);

public sealed class RoutingPlanPageOnPostgres(PostgresServerFixture server) : RoutingPlanPageShould<PostgresServerFixture>(server);

public sealed class RoutingPlanPageOnSqlServer(SqlServerServerFixture server) : RoutingPlanPageShould<SqlServerServerFixture>(server.Required());
