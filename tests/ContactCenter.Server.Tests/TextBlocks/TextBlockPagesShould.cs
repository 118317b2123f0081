using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.TextBlocks;

/// <summary>The server-rendered text block mask, driven over HTTP with the sign-in cookie.</summary>
public abstract class TextBlockPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task AddEditAndDeleteTextBlocksWithFieldErrorsFromTheApiRules()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/text-blocks";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);

        using var invalid = await PageBrowser.PostHandlerAsync(browser, page, "Save", html, new()
        {
            ["Form.Name"] = "", ["Form.Channel"] = "Sms", ["Form.Subject"] = "Hello", ["Form.Body"] = "Dear {customer.email}", ["Form.Enabled"] = "true",
        });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        var afterInvalid = await server.TenantAsync(tenantId, db => db.TextBlocks.CountAsync());
        using var added = await PageBrowser.PostHandlerAsync(browser, page, "Save", html, new()
        {
            ["Form.Name"] = "Reminder", ["Form.Channel"] = "Sms", ["Form.Body"] = new string('x', 200), ["Form.Enabled"] = "false", ["Form.EditableByAgents"] = "true",
        });
        var id = await server.TenantAsync(tenantId, db => db.TextBlocks.Select(b => b.Id).SingleAsync());
        var listed = await browser.GetStringAsync(page);
        var editForm = await browser.GetStringAsync($"{page}?edit={id}");
        using var edited = await browser.PostAsync($"{page}?handler=Save&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageBrowser.AntiForgery(editForm),
            ["Form.Name"] = "Greeting", ["Form.Channel"] = "Email", ["Form.Subject"] = "Re: {request.number}", ["Form.Body"] = "Dear {customer.name}",
            ["Form.Enabled"] = "true",
        }));
        var stored = await server.TenantAsync(tenantId, db => db.TextBlocks.AsNoTracking().SingleAsync());
        using var deleted = await browser.PostAsync($"{page}?handler=Delete&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageBrowser.AntiForgery(editForm),
        }));

        Assert.Contains("{customer.name}", html, StringComparison.Ordinal);
        Assert.Contains("{request.number}", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var refusedFields = PageBrowser.ErrorFields(PageBrowser.Parse(invalidHtml));
        foreach (var field in new[] { "name", "subject", "body" })
        {
            Assert.Contains(field, refusedFields);
        }

        Assert.Contains("{customer.email}", invalidHtml, StringComparison.Ordinal);
        Assert.Equal(0, afterInvalid);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("SMS (200 characters, 2 message(s))", listed, StringComparison.Ordinal);
        Assert.Equal("Reminder", PageBrowser.FieldValue(PageBrowser.Parse(editForm), "Form.Name"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(("Greeting", TextBlockChannel.Email, "Re: {request.number}", "Dear {customer.name}", true, false),
            (stored.Name, stored.Channel, stored.Subject, stored.Body, stored.Enabled, stored.EditableByAgents));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await server.TenantAsync(tenantId, db => db.TextBlocks.CountAsync()));
    }

    [Fact]
    public async Task OpenTheTextBlockMaskOnlyToHoldersOfEditTemplates()
    {
        var slug = await server.SignUpAsync();
        var oidc = new OidcDriver(server);
        var agent = await oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var supervisor = await oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        using var agentBrowser = oidc.Browser();
        using var supervisorBrowser = oidc.Browser();
        using var classificationsAsSupervisor = oidc.Browser();

        var (agentStatus, agentLocation) = await SignInAndRequestAsync(agentBrowser, $"/t/{slug}/admin/text-blocks", agent.Email, slug);
        var (supervisorStatus, _) = await SignInAndRequestAsync(supervisorBrowser, $"/t/{slug}/admin/text-blocks", supervisor.Email, slug);
        var (classificationsStatus, classificationsLocation) = await SignInAndRequestAsync(classificationsAsSupervisor, $"/t/{slug}/admin/classifications", supervisor.Email, slug);

        Assert.Equal(HttpStatusCode.Redirect, agentStatus);
        Assert.Contains("/account/denied", agentLocation, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, supervisorStatus);
        Assert.Equal(HttpStatusCode.Redirect, classificationsStatus);
        Assert.Contains("/account/denied", classificationsLocation, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Location)> SignInAndRequestAsync(HttpClient browser, string url, string email, string slug)
    {
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", email, OidcDriver.Password);
        using var chosen = await OidcDriver.ChooseTenantAsync(browser, signedIn.Headers.Location!.OriginalString, slug);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        using var response = await browser.GetAsync(url);
        return (response.StatusCode, response.Headers.Location?.OriginalString ?? "");
    }
}

public sealed class TextBlockPagesOnSqlite(SqliteServerFixture server) : TextBlockPagesShould<SqliteServerFixture>(server);

public sealed class TextBlockPagesOnPostgres(PostgresServerFixture server) : TextBlockPagesShould<PostgresServerFixture>(server);

public sealed class TextBlockPagesOnSqlServer(SqlServerServerFixture server) : TextBlockPagesShould<SqlServerServerFixture>(server.Required());
