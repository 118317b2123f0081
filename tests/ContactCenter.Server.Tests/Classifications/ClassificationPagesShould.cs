using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Classifications;

/// <summary>The server-rendered classification mask and the classification rules of the routing page, driven over HTTP with the sign-in cookie.</summary>
public abstract class ClassificationPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task EditClassificationsKeepTheirCategoriesAndRefuseDeletingOneInUse()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var tokens = new TenantTokens(server);
        using var admin = await tokens.AdministratorAsync(slug);
        var general = await server.TenantAsync(tenantId, db => db.Categories.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync());
        var complaint = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/classifications", new { name = "Complaint", categoryIds = new[] { general } }));
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/classifications";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);

        using var duplicate = await PageBrowser.PostHandlerAsync(browser, page, "Save", html, new() { ["Form.Name"] = "Complaint" });
        var duplicateHtml = await duplicate.Content.ReadAsStringAsync();
        using var added = await PageBrowser.PostHandlerAsync(browser, page, "Save", html, new() { ["Form.Name"] = "Praise" });
        using var edited = await browser.PostAsync($"{page}?handler=Save&id={complaint}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", PageBrowser.AntiForgery(html)), new("Form.Name", "Grievance"),
            new("Form.Description", "Unhappy customer"), new("Form.Channels", "Email"), new("Form.Channels", "Phone"),
        ]));
        var listed = await browser.GetStringAsync(page);
        using var rule = await admin.PostAsJsonAsync("api/routing/rules", new { condition = "classification", classificationId = complaint, categoryId = general });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        using var refused = await browser.PostAsync($"{page}?handler=Delete&id={complaint}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageBrowser.AntiForgery(html),
        }));
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        var stored = await server.TenantAsync(tenantId, db => db.Classifications.AsNoTracking().OrderBy(c => c.Name).ToListAsync());
        var profile = await server.TenantAsync(tenantId, db => db.CategoryProfiles.AsNoTracking().SingleAsync(p => p.Id == general));

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("name", PageBrowser.ErrorFields(PageBrowser.Parse(duplicateHtml)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Contains("E-mail, Phone", listed, StringComparison.Ordinal);
        Assert.Contains(PageBrowser.Parse(listed).QuerySelectorAll("td[data-categories]"), cell => cell.TextContent == "General");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var refusal = PageBrowser.Parse(refusedHtml).QuerySelector("[data-refused]");
        Assert.NotNull(refusal);
        Assert.Contains("#1 (to General)", refusal.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Grievance", "Praise"], stored.Select(c => c.Name));
        Assert.Equal(Channels.Email | Channels.Phone, stored[0].Channels);
        Assert.Equal(complaint.ToString(), profile.ClassificationIds);
    }

    [Fact]
    public async Task OfferClassificationsOnTheRoutingPageAndRequireOneForAClassificationRule()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var general = await server.TenantAsync(tenantId, db => db.Categories.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync());
        var complaint = await server.TenantAsync(tenantId, async db =>
        {
            var added = db.Classifications.Add(new Classification { Name = "Complaint" }).Entity;
            await db.SaveChangesAsync();
            return added.Id;
        });
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/routing";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);

        using var unchosen = await PageBrowser.PostHandlerAsync(browser, page, "Add", html, new()
        {
            ["RuleForm.Condition"] = "classification", ["RuleForm.ClassificationId"] = "", ["RuleForm.CategoryId"] = general.ToString(), ["RuleForm.Priority"] = "high",
        });
        var unchosenHtml = await unchosen.Content.ReadAsStringAsync();
        using var added = await PageBrowser.PostHandlerAsync(browser, page, "Add", html, new()
        {
            ["RuleForm.Condition"] = "classification", ["RuleForm.ClassificationId"] = complaint.ToString(), ["RuleForm.CategoryId"] = general.ToString(), ["RuleForm.Priority"] = "high",
        });
        var rule = await server.TenantAsync(tenantId, db => db.RoutingRules.AsNoTracking().SingleAsync());

        Assert.Equal("Complaint", PageBrowser.Parse(html).QuerySelector($"option[value='{complaint}']")?.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, unchosen.StatusCode);
        Assert.NotNull(PageBrowser.Parse(unchosenHtml).GetElementById("classification-error"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal((RoutingCondition.Classification, complaint, "Complaint"), (rule.Condition, rule.ClassificationId, rule.Value));
    }
}

public sealed class ClassificationPagesOnSqlite(SqliteServerFixture server) : ClassificationPagesShould<SqliteServerFixture>(server);

public sealed class ClassificationPagesOnPostgres(PostgresServerFixture server) : ClassificationPagesShould<PostgresServerFixture>(server);

public sealed class ClassificationPagesOnSqlServer(SqlServerServerFixture server) : ClassificationPagesShould<SqlServerServerFixture>(server.Required());
