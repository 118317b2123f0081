using System.Net;
using System.Net.Http.Headers;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Assets;

/// <summary>The assets mask over HTTP with the sign-in cookie: the attachment allowlist, prepared attachments and who uploads own ones.</summary>
public abstract class AssetsPageShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task EditTheAllowlistUploadPreparedAttachmentsAndChooseWhoUploadsOwnOnes()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantIdAsync(slug);
        using var browser = _oidc.Browser();
        var page = $"/t/{slug}/admin/assets";
        var html = await PageBrowser.SignInAndGetAsync(browser, page, $"admin@{slug}.example", slug);
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
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", PageBrowser.AntiForgery(html)))));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string page, string html, string fileName, string mediaType, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        form.Add(file, "upload", fileName);
        form.Add(new StringContent(PageBrowser.AntiForgery(html)), "__RequestVerificationToken");
        return await browser.PostAsync($"{page}?handler=Upload", form);
    }
}

public sealed class AssetsPageOnSqlite(SqliteServerFixture server) : AssetsPageShould<SqliteServerFixture>(server);

public sealed class AssetsPageOnPostgres(PostgresServerFixture server) : AssetsPageShould<PostgresServerFixture>(server);

public sealed class AssetsPageOnSqlServer(SqlServerServerFixture server) : AssetsPageShould<SqlServerServerFixture>(server.Required());
