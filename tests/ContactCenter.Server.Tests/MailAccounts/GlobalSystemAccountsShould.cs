using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>
/// The platform operator's global system accounts (API and page) and the system accounts in effect for a tenant: its
/// own per type, else the global ones. Global accounts are shared by the whole fixture, so every test names its own
/// uniquely and never assumes it is the only one.
/// </summary>
public abstract class GlobalSystemAccountsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string Url = "/api/platform/system-accounts";

    [Fact]
    public async Task LetTheOperatorManageGlobalSystemAccountsWithTheTenantRules()
    {
        using var platformOperator = await server.CreateOperatorClientAsync();
        var name = UniqueName("Platform replies");

        var id = await TenantApi.CreateAsync(platformOperator, Url,
            new { type = "reply", name, emailAddress = "replies@platform.example", protocol = "pop3" });
        var created = await platformOperator.GetFromJsonAsync<JsonElement>($"{Url}/{id}");
        using var updated = await platformOperator.PutAsJsonAsync($"{Url}/{id}",
            new { type = "second-level-reply", name, emailAddress = "experts@platform.example", protocol = "imap", weighting = 6 });
        var invalid = await ErrorsAsync(await platformOperator.PostAsJsonAsync(Url,
            new { type = "global", name = "", emailAddress = "Someone <a@example.com>", protocol = "x400", weighting = 11 }));
        var duplicate = await ErrorsAsync(await platformOperator.PostAsJsonAsync(Url,
            new { type = "reply", name, emailAddress = "other@platform.example" }));
        var list = await platformOperator.GetFromJsonAsync<JsonElement>(Url);
        var stored = await server.CatalogAsync(catalog => catalog.GlobalSystemAccounts.AsNoTracking().SingleAsync(a => a.Id == id));
        using var deleted = await platformOperator.DeleteAsync($"{Url}/{id}");
        using var gone = await platformOperator.GetAsync($"{Url}/{id}");
        using var deletedAgain = await platformOperator.DeleteAsync($"{Url}/{id}");

        Assert.Equal("reply", created.GetProperty("type").GetString());
        Assert.Equal("pop3", created.GetProperty("protocol").GetString());
        Assert.Equal("email", created.GetProperty("channel").GetString());
        Assert.Equal(3, created.GetProperty("weighting").GetInt32());
        Assert.False(created.GetProperty("tenantSpecific").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["emailAddress", "name", "protocol", "type", "weighting"], invalid.Keys.Order());
        Assert.Equal(["name"], duplicate.Keys);
        Assert.Contains("exists", duplicate["name"][0], StringComparison.Ordinal);
        var listed = Assert.Single(list.EnumerateArray(), a => a.GetProperty("name").GetString() == name);
        Assert.Equal("experts@platform.example", listed.GetProperty("emailAddress").GetString());
        Assert.Equal(SystemAccountType.SecondLevelReply, stored.Type);
        Assert.Equal(MailProtocol.Imap, stored.Protocol);
        Assert.Equal(6, stored.Weighting);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task DescribeTheNewEndpointsInTheOpenApiDocument()
    {
        using var client = server.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(Url, paths);
        Assert.Contains(Url + "/{id}", paths);
        Assert.Contains("/api/mail-accounts/system/effective", paths);
    }

    [Fact]
    public async Task RefuseGlobalSystemAccountCallsFromAnyoneButOperators()
    {
        var slug = await server.SignUpAsync();
        using var platformOperator = await server.CreateOperatorClientAsync();
        using var tenantAdministrator = await TenantClients.AdministratorAsync(server, slug);
        using var anonymous = server.CreateClient();
        var name = UniqueName("Untouchable");
        var id = await TenantApi.CreateAsync(platformOperator, Url, new { type = "reply", name, emailAddress = "keep@platform.example" });
        var body = new { type = "reply", name = "Hijacked", emailAddress = "evil@example.com" };

        using var list = await tenantAdministrator.GetAsync(Url);
        using var one = await tenantAdministrator.GetAsync($"{Url}/{id}");
        using var create = await tenantAdministrator.PostAsJsonAsync(Url, body);
        using var update = await tenantAdministrator.PutAsJsonAsync($"{Url}/{id}", body);
        using var delete = await tenantAdministrator.DeleteAsync($"{Url}/{id}");
        using var anonymousList = await anonymous.GetAsync(Url);
        var stored = await server.CatalogAsync(catalog => catalog.GlobalSystemAccounts.AsNoTracking().Where(a => a.Name == name || a.Name == "Hijacked").ToListAsync());

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        var kept = Assert.Single(stored);
        Assert.Equal("keep@platform.example", kept.EmailAddress);
    }

    [Fact]
    public async Task FallBackToGlobalAccountsPerTypeAndPreferTheTenantsOwn()
    {
        var slug = await server.SignUpAsync();
        using var platformOperator = await server.CreateOperatorClientAsync();
        using var admin = await TenantClients.AdministratorAsync(server, slug);
        var globalReply = UniqueName("Global reply");
        var globalExperts = UniqueName("Global experts");
        await TenantApi.CreateAsync(platformOperator, Url, new { type = "reply", name = globalReply, emailAddress = "reply@platform.example" });
        await TenantApi.CreateAsync(platformOperator, Url,
            new { type = "second-level-reply", name = globalExperts, emailAddress = "experts@platform.example", weighting = 2 });
        var effectiveUrl = $"/t/{slug}/api/mail-accounts/system/effective";

        var withoutOwn = await admin.GetFromJsonAsync<JsonElement>(effectiveUrl);
        var ownId = await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/system",
            new { type = "reply", name = "Our replies", emailAddress = "service@tenant.example" });
        var withOwnReply = await admin.GetFromJsonAsync<JsonElement>(effectiveUrl);
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        var forMailProcessing = await EffectiveForTypeAsync(tenantId, SystemAccountType.Reply);
        using var deleted = await admin.DeleteAsync($"/t/{slug}/api/mail-accounts/system/{ownId}");
        var afterDelete = await admin.GetFromJsonAsync<JsonElement>(effectiveUrl);

        // No own accounts: every effective account is global, ours among them, with its type and weighting.
        Assert.All(withoutOwn.EnumerateArray(), a => Assert.True(a.GetProperty("global").GetBoolean()));
        Assert.Equal("reply", Named(withoutOwn, globalReply).GetProperty("type").GetString());
        Assert.Equal(2, Named(withoutOwn, globalExperts).GetProperty("weighting").GetInt32());
        Assert.Equal("email", Named(withoutOwn, globalExperts).GetProperty("channel").GetString());
        // An own reply account replaces every global reply account, but not the global 2nd-level ones.
        var replies = OfType(withOwnReply, "reply");
        var own = Assert.Single(replies);
        Assert.Equal("Our replies", own.GetProperty("name").GetString());
        Assert.False(own.GetProperty("global").GetBoolean());
        Assert.All(OfType(withOwnReply, "second-level-reply"), a => Assert.True(a.GetProperty("global").GetBoolean()));
        Assert.True(Named(withOwnReply, globalExperts).GetProperty("global").GetBoolean());
        var processed = Assert.Single(forMailProcessing);
        Assert.Equal(("Our replies", false), (processed.Account.Name, processed.Global));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(Named(afterDelete, globalReply).GetProperty("global").GetBoolean());
    }

    [Fact]
    public async Task ShowTheEffectiveAccountsOnlyToTheTenantsAdministrators()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var oidc = new OidcDriver(server);
        using var agent = await TenantClients.ForAsync(server, await oidc.CreatePersonAsync((slug, TenantRole.Agent)), slug);
        using var supervisor = await TenantClients.ForAsync(server, await oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var foreignAdmin = await TenantClients.AdministratorAsync(server, other);
        using var admin = await TenantClients.AdministratorAsync(server, slug);

        using var asAgent = await agent.GetAsync($"/t/{slug}/api/mail-accounts/system/effective");
        using var asSupervisor = await supervisor.GetAsync($"/t/{slug}/api/mail-accounts/system/effective");
        using var asForeignAdmin = await foreignAdmin.GetAsync($"/t/{slug}/api/mail-accounts/system/effective");
        using var asAdmin = await admin.GetAsync($"/t/{slug}/api/mail-accounts/system/effective");

        Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asSupervisor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asForeignAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Fact]
    public async Task LetTheOperatorAddGlobalAccountsOnTheirPageAndMarkThemGlobalOnTheTenantsPage()
    {
        using var browser = await PageBrowser.SignInNewOperatorAsync(server);
        var page = "/platform/system-accounts";
        var home = await browser.GetStringAsync("/");
        var html = await browser.GetStringAsync(page);
        var name = UniqueName("Page replies");
        using var invalid = await PageBrowser.PostHandlerAsync(browser, page, "Save", html, new()
        {
            ["Form.Type"] = "reply", ["Form.Name"] = name, ["Form.EmailAddress"] = "not an address", ["Form.Protocol"] = "imap", ["Form.Weighting"] = "x",
        });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        var afterInvalid = await server.CatalogAsync(catalog => catalog.GlobalSystemAccounts.AnyAsync(a => a.Name == name));
        using var valid = await PageBrowser.PostHandlerAsync(browser, page, "Save", html, new()
        {
            ["Form.Type"] = "reply", ["Form.Name"] = name, ["Form.EmailAddress"] = "page@platform.example", ["Form.Protocol"] = "pop3", ["Form.Weighting"] = "4",
        });
        var listed = await browser.GetStringAsync(page);
        var stored = await server.CatalogAsync(catalog => catalog.GlobalSystemAccounts.AsNoTracking().SingleAsync(a => a.Name == name));

        var slug = await server.SignUpAsync();
        using var tenantBrowser = new OidcDriver(server).Browser();
        var tenantPage = await PageBrowser.SignInAndGetAsync(tenantBrowser, $"/t/{slug}/admin/mail-accounts", $"admin@{slug}.example", slug);
        using var tenantAdminOnOperatorPage = await tenantBrowser.GetAsync(page);

        Assert.Contains(PageBrowser.Parse(home).QuerySelectorAll("a[href]"), link => link.GetAttribute("href") == page);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var refusedFields = PageBrowser.Parse(invalidHtml).QuerySelectorAll("[data-field]").Select(e => e.GetAttribute("data-field")).ToList();
        Assert.Contains("emailAddress", refusedFields);
        Assert.Contains("weighting", refusedFields);
        Assert.False(afterInvalid);
        Assert.Equal(HttpStatusCode.Redirect, valid.StatusCode);
        Assert.Contains(PageBrowser.Parse(listed).QuerySelectorAll("[data-account]"), row => row.GetAttribute("data-account") == name);
        Assert.Equal(("page@platform.example", MailProtocol.Pop3, 4), (stored.EmailAddress, stored.Protocol, stored.Weighting));
        var effective = PageBrowser.Parse(tenantPage).QuerySelectorAll("tr[data-effective]").SingleOrDefault(row => row.GetAttribute("data-effective") == name);
        Assert.Equal("global", effective?.QuerySelector("[data-source]")?.GetAttribute("data-source"));
        Assert.Equal(HttpStatusCode.Redirect, tenantAdminOnOperatorPage.StatusCode);
        Assert.Contains("/account/denied", tenantAdminOnOperatorPage.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<EffectiveSystemAccount>> EffectiveForTypeAsync(Guid tenantId, SystemAccountType type)
    {
        await using var db = await server.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId);
        await using var scope = server.Services.CreateAsyncScope();
        var effective = new EffectiveSystemAccounts(db, scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
        return await effective.ForTypeAsync(type, CancellationToken.None);
    }

    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static JsonElement Named(JsonElement list, string name) =>
        Assert.Single(list.EnumerateArray(), a => a.GetProperty("name").GetString() == name);

    private static List<JsonElement> OfType(JsonElement list, string type) =>
        list.EnumerateArray().Where(a => a.GetProperty("type").GetString() == type).ToList();

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

public sealed class GlobalSystemAccountsOnSqlite(SqliteServerFixture server) : GlobalSystemAccountsShould<SqliteServerFixture>(server);

public sealed class GlobalSystemAccountsOnPostgres(PostgresServerFixture server) : GlobalSystemAccountsShould<PostgresServerFixture>(server);

public sealed class GlobalSystemAccountsOnSqlServer(SqlServerServerFixture server) : GlobalSystemAccountsShould<SqlServerServerFixture>(server.Required());
