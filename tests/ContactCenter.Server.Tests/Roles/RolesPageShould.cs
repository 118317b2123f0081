using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Roles;

/// <summary>The roles mask over HTTP with the sign-in cookie, applying the API's rules.</summary>
public abstract class RolesPageShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task CreateACustomRoleRefuseInvalidOnesAndAssignPeople()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantIdAsync(slug);
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var browser = _oidc.Browser();
        var page = $"/t/{slug}/admin/roles";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);
        Assert.Contains("May delete client partitions with all their data.", html, StringComparison.Ordinal);

        using var nameless = await PostAsync(browser, $"{page}?handler=Save", html, ("Form.Name", " "), ("Form.Permissions", "ExportLetters"));
        using var duplicate = await PostAsync(browser, $"{page}?handler=Save", html, ("Form.Name", "Supervisor"));
        var rolesBefore = await server.TenantAsync(tenantId, db => db.Roles.CountAsync());
        using var created = await PostAsync(browser, $"{page}?handler=Save", html,
            ("Form.Name", "Letter team"), ("Form.Permissions", "ExportLetters"), ("Form.Permissions", "EditTemplates"));
        var role = await server.TenantAsync(tenantId, db => db.Roles.AsNoTracking().SingleAsync(r => r.Name == "Letter team"));
        using var assigned = await PostAsync(browser, $"{page}?handler=Assign&id={role.Id}", html, ("personId", agent.Id.ToString()));
        var listed = await browser.GetStringAsync(page);
        var holders = await server.TenantAsync(tenantId, db => db.RoleAssignments.Where(a => a.RoleId == role.Id).Select(a => a.PersonId).ToListAsync());
        using var unassigned = await PostAsync(browser, $"{page}?handler=Unassign&id={role.Id}&personId={agent.Id}", html);

        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.Contains("name", PageBrowser.ErrorFields(PageBrowser.Parse(await nameless.Content.ReadAsStringAsync())));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("A role named 'Supervisor' exists.", PageBrowser.Parse(await duplicate.Content.ReadAsStringAsync()).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, rolesBefore);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(Permission.ExportLetters | Permission.EditTemplates, role.Permissions);
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.Equal([agent.Id], holders);
        Assert.Contains(PageBrowser.Parse(listed).QuerySelectorAll("[data-person]"), e => e.GetAttribute("data-person") == agent.Email);
        Assert.Equal(HttpStatusCode.Redirect, unassigned.StatusCode);
        Assert.False(await server.TenantAsync(tenantId, db => db.RoleAssignments.AnyAsync()));
    }

    [Fact]
    public async Task RefuseSupervisorsOnTheRolesPage()
    {
        var slug = await server.SignUpAsync();
        var supervisor = await _oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        using var browser = _oidc.Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", supervisor.Email, supervisor.Password);
        using var chosen = await OidcDriver.ChooseTenantAsync(browser, signedIn.Headers.Location!.OriginalString, slug);

        using var rolesPage = await browser.GetAsync($"/t/{slug}/admin/roles");
        using var assetsPage = await browser.GetAsync($"/t/{slug}/admin/assets");

        foreach (var response in new[] { rolesPage, assetsPage })
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true,
                $"A supervisor got {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    private Task<Guid> TenantIdAsync(string slug) => server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string url, string html, params (string Name, string Value)[] fields) =>
        browser.PostAsync(url, new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", PageBrowser.AntiForgery(html)))));
}

public sealed class RolesPageOnSqlite(SqliteServerFixture server) : RolesPageShould<SqliteServerFixture>(server);

public sealed class RolesPageOnPostgres(PostgresServerFixture server) : RolesPageShould<PostgresServerFixture>(server);

public sealed class RolesPageOnSqlServer(SqlServerServerFixture server) : RolesPageShould<SqlServerServerFixture>(server.Required());
