using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>The default inbound accounts on the tenant mask's account-settings tab: API, validation, deletion and the page.</summary>
public abstract class DefaultInboundAccountsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Tab = "api/tenant/settings/account-settings";
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task KeepTheChosenInboundAccountsAsDefaultsAndAuditThem()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var support = await CreateInboundAsync(admin, "Support", "imap");
        var sales = await CreateInboundAsync(admin, "Sales", "pop3");
        await CreateInboundAsync(admin, "Archive", "imap");

        using var both = await admin.PutAsJsonAsync(Tab, new { doNotReplyAddresses = new[] { "noreply@acme.example" }, defaultInboundAccountIds = new[] { support, sales } });
        var afterBoth = await DefaultsAsync(admin);
        using var one = await admin.PutAsJsonAsync(Tab, new { doNotReplyAddresses = Array.Empty<string>(), defaultInboundAccountIds = new[] { sales.ToString().ToUpperInvariant() } });
        var afterOne = await DefaultsAsync(admin);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var audit = await server.TenantAsync(tenantId, db => db.AuditEntries.AsNoTracking().Where(e => e.Entity == "DefaultInboundAccount").ToListAsync());

        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        var returned = (await both.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accountSettings").GetProperty("defaultInboundAccountIds");
        Assert.Equal([sales, support], returned.EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal([sales, support], afterBoth);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal([sales], afterOne);
        Assert.Contains(audit, e => e.Change == "Added" && e.EntityId == support && e.Actor != "system");
        Assert.Contains(audit, e => e.Change == "Deleted" && e.EntityId == support);
        Assert.DoesNotContain(audit, e => e.Change == "Deleted" && e.EntityId == sales);
    }

    [Fact]
    public async Task RefuseAnythingButTheTenantsOwnInboundAccountsFieldByFieldAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var support = await CreateInboundAsync(admin, "Support", "imap");
        var foreign = await CreateInboundAsync(otherAdmin, "Foreign", "imap");
        using var saved = await admin.PutAsJsonAsync(Tab, new { doNotReplyAddresses = new[] { "noreply@acme.example" }, defaultInboundAccountIds = new[] { support } });

        var errors = await ErrorsAsync(await admin.PutAsJsonAsync(Tab, new
        {
            doNotReplyAddresses = new[] { "changed@acme.example" },
            defaultInboundAccountIds = new[] { support.ToString(), Guid.NewGuid().ToString(), "not-an-id", foreign.ToString(), support.ToString() },
        }));
        var view = await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(["defaultInboundAccountIds[1]", "defaultInboundAccountIds[2]", "defaultInboundAccountIds[3]", "defaultInboundAccountIds[4]"], errors.Keys.Order());
        Assert.Contains("not-an-id", errors["defaultInboundAccountIds[2]"][0], StringComparison.Ordinal);
        Assert.Contains("twice", errors["defaultInboundAccountIds[4]"][0], StringComparison.Ordinal);
        var tab = view.GetProperty("accountSettings");
        Assert.Equal(["noreply@acme.example"], tab.GetProperty("doNotReplyAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal([support], tab.GetProperty("defaultInboundAccountIds").EnumerateArray().Select(e => e.GetGuid()));
    }

    [Fact]
    public async Task ForgetADefaultInboundAccountWhenItIsDeleted()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var support = await CreateInboundAsync(admin, "Support", "imap");
        var sales = await CreateInboundAsync(admin, "Sales", "pop3");
        using var saved = await admin.PutAsJsonAsync(Tab, new { defaultInboundAccountIds = new[] { support, sales } });

        using var deleted = await admin.DeleteAsync($"api/mail-accounts/inbound/{support}");
        var after = await DefaultsAsync(admin);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var rows = await server.TenantAsync(tenantId, db => db.DefaultInboundAccounts.AsNoTracking().Select(d => d.InboundAccountId).ToListAsync());

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([sales], after);
        Assert.Equal([sales], rows);
    }

    [Fact]
    public async Task LetOnlyTheTenantsAdministratorsChooseDefaults()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var support = await CreateInboundAsync(admin, "Support", "imap");
        using var agent = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var supervisor = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var foreignAdmin = await TenantClients.AdministratorAsync(server, other);
        var body = new { defaultInboundAccountIds = new[] { support } };

        using var asAgent = await agent.PutAsJsonAsync(Tab, body);
        using var asSupervisor = await supervisor.PutAsJsonAsync(Tab, body);
        using var asForeignAdmin = await foreignAdmin.PutAsJsonAsync($"/t/{slug}/{Tab}", body);
        using var foreignRead = await foreignAdmin.GetAsync($"/t/{slug}/api/tenant/settings");

        Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asSupervisor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asForeignAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignRead.StatusCode);
        Assert.Empty(await DefaultsAsync(admin));
    }

    [Fact]
    public async Task OfferTheInboundAccountsAsCheckboxesOnTheTabOrPointToTheMailAccountsPage()
    {
        var slug = await server.SignUpAsync();
        using var browser = new OidcDriver(server).Browser();
        var page = $"/t/{slug}/admin/tenant";
        var empty = await PageBrowser.SignInAndGetAsync(browser, $"{page}?tab=accounts", $"admin@{slug}.example", slug);
        using var admin = await _tokens.AdministratorAsync(slug);
        var support = await CreateInboundAsync(admin, "Support", "imap");
        var sales = await CreateInboundAsync(admin, "Sales", "pop3");
        var html = await browser.GetStringAsync($"{page}?tab=accounts");

        using var invalid = await PostAsync(browser, page, html, new[] { ("doNotReplyAddresses", ""), ("defaultInboundAccountIds", Guid.NewGuid().ToString()) });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        using var valid = await PostAsync(browser, page, html, new[] { ("doNotReplyAddresses", ""), ("defaultInboundAccountIds", sales.ToString()) });
        var validHtml = await valid.Content.ReadAsStringAsync();

        var emptyTab = PageBrowser.Parse(empty);
        var hint = emptyTab.QuerySelector("[data-hint=no-inbound-accounts]");
        Assert.NotNull(hint);
        Assert.Contains(hint.QuerySelectorAll("a[href]"), link => link.GetAttribute("href")!.EndsWith("/admin/mail-accounts", StringComparison.Ordinal));
        var tab = PageBrowser.Parse(html);
        Assert.Null(tab.QuerySelector("[data-hint=no-inbound-accounts]"));
        Assert.Equal("Support", PageBrowser.Choice(tab, "defaultInboundAccountIds", support.ToString())?.GetAttribute("data-inbound-account"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var refusal = PageBrowser.Parse(invalidHtml).QuerySelectorAll("p[data-field]").FirstOrDefault(e => e.GetAttribute("data-field") == "defaultInboundAccountIds");
        Assert.Contains("is not an inbound account of this tenant", refusal?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        var saved = PageBrowser.Parse(validHtml);
        var salesBox = PageBrowser.Choice(saved, "defaultInboundAccountIds", sales.ToString());
        Assert.Equal("Sales", salesBox?.GetAttribute("data-inbound-account"));
        Assert.True(salesBox?.HasAttribute("checked"));
        var supportBox = PageBrowser.Choice(saved, "defaultInboundAccountIds", support.ToString());
        Assert.NotNull(supportBox);
        Assert.Equal("Support", supportBox.GetAttribute("data-inbound-account"));
        Assert.False(supportBox.HasAttribute("checked"));
        Assert.Equal([sales], await DefaultsAsync(admin));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string page, string html, (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", PageBrowser.AntiForgery(html)));
        return browser.PostAsync($"{page}?handler=Accounts", new FormUrlEncodedContent(form));
    }

    private static Task<Guid> CreateInboundAsync(HttpClient admin, string name, string protocol) =>
        TenantApi.CreateAsync(admin, "api/mail-accounts/inbound",
            new { name, protocol, host = $"{protocol}.example.com", userName = name.ToLowerInvariant(), secret = "Mailbox-Secret-1" });

    private static async Task<List<Guid>> DefaultsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("api/tenant/settings"))
            .GetProperty("accountSettings").GetProperty("defaultInboundAccountIds").EnumerateArray().Select(e => e.GetGuid()).ToList();

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }
    }
}

public sealed class DefaultInboundAccountsOnSqlite(SqliteServerFixture server) : DefaultInboundAccountsShould<SqliteServerFixture>(server);

public sealed class DefaultInboundAccountsOnPostgres(PostgresServerFixture server) : DefaultInboundAccountsShould<PostgresServerFixture>(server);

public sealed class DefaultInboundAccountsOnSqlServer(SqlServerServerFixture server) : DefaultInboundAccountsShould<SqlServerServerFixture>(server.Required());
