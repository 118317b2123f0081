using System.Net;
using System.Net.Http.Headers;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.MailAccounts;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Roles;

/// <summary>The roles and assets masks over HTTP with the sign-in cookie, applying the API's rules.</summary>
public abstract class RolesAndAssetsPagesShould<TFixture>(TFixture server)
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
        var html = await MailAccountsPageShould<TFixture>.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);
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

    [Fact]
    public async Task EditTheAllowlistUploadPreparedAttachmentsAndChooseWhoUploadsOwnOnes()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantIdAsync(slug);
        using var browser = _oidc.Browser();
        var page = $"/t/{slug}/admin/assets";
        var html = await MailAccountsPageShould<TFixture>.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);
        var typesBefore = await server.TenantAsync(tenantId, db => db.AttachmentTypes.AsNoTracking().OrderBy(t => t.Extension).Select(t => t.Extension).ToListAsync());

        // Rows 0-3 are the defaults (.jpg .pdf .png .txt); row 4 is the blank one for adding.
        using var invalid = await PostAsync(browser, $"{page}?handler=Types", html, [.. Rows(typesBefore.Count),
            ("Types[4].Extension", ".d ocx"), ("Types[4].MediaType", "word"), ("Types[4].MaxSizeMegabytes", "0")]);
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        var typesAfterInvalid = await server.TenantAsync(tenantId, db => db.AttachmentTypes.CountAsync());
        using var saved = await PostAsync(browser, $"{page}?handler=Types", html, [.. Rows(typesBefore.Count), ("Types[0].Remove", "true"),
            ("Types[4].Extension", ".csv"), ("Types[4].MediaType", "text/csv"), ("Types[4].MaxSizeMegabytes", "2")]);
        var types = await server.TenantAsync(tenantId, db => db.AttachmentTypes.AsNoTracking().OrderBy(t => t.Extension).Select(t => t.Extension).ToListAsync());

        using var bad = await UploadAsync(browser, page, html, "tool.exe", "application/octet-stream", [0x4d, 0x5a]);
        var badHtml = await bad.Content.ReadAsStringAsync();
        var storedAfterBad = await server.TenantAsync(tenantId, db => db.PreparedAttachments.CountAsync());
        using var uploaded = await UploadAsync(browser, page, html, "prices.csv", "text/csv", "a;b\n1;2\n"u8.ToArray());
        var listed = await browser.GetStringAsync(page);

        using var roles = await PostAsync(browser, $"{page}?handler=UploadRoles", html, ("UploadRoles", BuiltInRoles.SupervisorId.ToString()));
        var flags = await server.TenantAsync(tenantId, db => db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Permissions.HasFlag(Permission.UploadOwnAttachments)));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var refusedTypes = PageBrowser.ErrorFields(PageBrowser.Parse(invalidHtml));
        Assert.Contains("types[4].extension", refusedTypes);
        Assert.Contains("types[4].mediaType", refusedTypes);
        Assert.Contains("types[4].maxSizeMegabytes", refusedTypes);
        Assert.Equal(4, typesAfterInvalid);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal([".csv", ".pdf", ".png", ".txt"], types);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("file", PageBrowser.ErrorFields(PageBrowser.Parse(badHtml)));
        Assert.Equal(0, storedAfterBad);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var attachment = PageBrowser.Parse(listed).QuerySelectorAll("[data-attachment]").SingleOrDefault(e => e.GetAttribute("data-attachment") == "prices.csv");
        Assert.NotNull(attachment);
        Assert.Contains("8 bytes", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, roles.StatusCode);
        Assert.False(flags[BuiltInRoles.AdministratorId]);
        Assert.True(flags[BuiltInRoles.SupervisorId]);
        Assert.False(flags[BuiltInRoles.AgentId]);

        // The allowlist rows as the page shows them (ordered by extension).
        (string, string)[] Rows(int count) => typesBefore.Take(count).SelectMany((extension, i) => new[]
        {
            ($"Types[{i}].Extension", extension), ($"Types[{i}].MediaType", MediaTypeOf(extension)), ($"Types[{i}].MaxSizeMegabytes", "5"),
        }).ToArray();
    }

    private static string MediaTypeOf(string extension) => extension switch
    {
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        _ => "text/plain",
    };

    private Task<Guid> TenantIdAsync(string slug) => server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, string url, string html, params (string Name, string Value)[] fields) =>
        browser.PostAsync(url, new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", MailAccountsPageShould<TFixture>.AntiForgery(html)))));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string page, string html, string fileName, string mediaType, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        form.Add(file, "upload", fileName);
        form.Add(new StringContent(MailAccountsPageShould<TFixture>.AntiForgery(html)), "__RequestVerificationToken");
        return await browser.PostAsync($"{page}?handler=Upload", form);
    }
}

public sealed class RolesAndAssetsPagesOnSqlite(SqliteServerFixture server) : RolesAndAssetsPagesShould<SqliteServerFixture>(server);

public sealed class RolesAndAssetsPagesOnPostgres(PostgresServerFixture server) : RolesAndAssetsPagesShould<PostgresServerFixture>(server);
