using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Roles;

/// <summary>
/// The permission flags the issue names, enforced: "may delete partitions" on the partition delete (API and page), and
/// "may upload own attachments" on the own-attachment endpoints.
/// </summary>
public abstract class PermissionEnforcementShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task RefuseThePartitionDeleteToAnAdministratorWithoutThePermission()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantIdAsync(slug);
        using var admin = await _tokens.AdministratorAsync(slug);
        var partition = await CreatePartitionAsync(tenantId, "Globex");
        using var stripped = await admin.PutAsJsonAsync($"api/roles/{BuiltInRoles.AdministratorId}",
            new { name = "Administrator", permissions = new[] { "ChangeSettings", "ManagePeople" } });
        Assert.Equal(HttpStatusCode.OK, stripped.StatusCode);

        using var refused = await admin.DeleteAsync($"api/partitions/{partition}?confirm=Globex");
        using var browser = await SignInAsync(new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password), slug);
        using var page = await browser.GetAsync($"/t/{slug}/admin/partitions/{partition}/delete");
        var list = await PageBrowser.GetDocumentAsync(browser, $"/t/{slug}/admin/partitions");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(page.StatusCode is HttpStatusCode.Forbidden || page.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true,
            $"The page answered {(int)page.StatusCode} {page.Headers.Location}");
        Assert.NotNull(list.QuerySelector("tr[data-partition=Globex]"));
        Assert.Null(list.QuerySelector("[aria-label='Delete Globex']"));
        Assert.True(await server.TenantAsync(tenantId, db => db.ClientPartitions.AnyAsync(p => p.Id == partition)));

        // A custom role carrying the permission gives it back.
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        using var role = await admin.PostAsJsonAsync("api/roles", new { name = "Partition cleaner", permissions = new[] { "DeletePartitions" } });
        var roleId = (await role.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var assigned = await admin.PutAsync($"api/roles/{roleId}/people/{adminId}", null);
        Assert.Equal(HttpStatusCode.NoContent, assigned.StatusCode);
        using var pageAgain = await browser.GetAsync($"/t/{slug}/admin/partitions/{partition}/delete");
        Assert.NotNull((await PageBrowser.GetDocumentAsync(browser, $"/t/{slug}/admin/partitions")).QuerySelector("tr[data-partition=Globex] a[aria-label='Delete Globex']"));
        using var deleted = await admin.DeleteAsync($"api/partitions/{partition}?confirm=Globex");

        Assert.Equal(HttpStatusCode.OK, pageAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False(await server.TenantAsync(tenantId, db => db.ClientPartitions.AnyAsync()));
    }

    [Fact]
    public async Task KeepOwnAttachmentsApartFromPreparedOnesAndFromOtherPeople()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var colleague = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var asColleague = await _tokens.ClientForAsync(colleague, slug);

        using var own = await UploadAsync(asAgent, "own", "Signature.png", "image/png", [0x89, 0x50, 0x4e, 0x47]);
        using var prepared = await UploadAsync(admin, "prepared", "Terms.pdf", "application/pdf", "%PDF-1.7"u8.ToArray());
        Assert.True(own.StatusCode == HttpStatusCode.Created, await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, prepared.StatusCode);
        var ownId = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var preparedId = (await prepared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(["Signature.png"], await NamesAsync(asAgent, "api/assets/own"));
        Assert.Equal(["Terms.pdf"], await NamesAsync(asAgent, "api/assets/prepared"));
        Assert.Empty(await NamesAsync(asColleague, "api/assets/own"));
        Assert.Empty(await NamesAsync(admin, "api/assets/own"));
        Assert.Equal(HttpStatusCode.NotFound, (await asAgent.GetAsync($"api/assets/prepared/{ownId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asColleague.GetAsync($"api/assets/own/{ownId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asColleague.DeleteAsync($"api/assets/own/{ownId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asAgent.DeleteAsync($"api/assets/own/{preparedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"api/assets/prepared/{ownId}")).StatusCode);
        Assert.Equal([0x89, 0x50, 0x4e, 0x47], await asAgent.GetByteArrayAsync($"api/assets/own/{ownId}"));

        Assert.Equal(HttpStatusCode.NoContent, (await asAgent.DeleteAsync($"api/assets/own/{ownId}")).StatusCode);
        Assert.Empty(await NamesAsync(asAgent, "api/assets/own"));
        var tenantId = await TenantIdAsync(slug);
        Assert.Equal(["Terms.pdf"], await server.TenantAsync(tenantId, db => db.PreparedAttachments.Select(a => a.FileName).ToListAsync()));
    }

    [Fact]
    public async Task LetOnlyPeopleWhoseRolesAllowItUploadOwnAttachments()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var tenantId = await TenantIdAsync(slug);
        using var admin = await _tokens.AdministratorAsync(slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var stripped = await admin.PutAsJsonAsync($"api/roles/{BuiltInRoles.AgentId}", new { name = "Agent", permissions = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, stripped.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(asAgent, "own", "a.txt", "text/plain", [1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.GetAsync("api/assets/own")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.DeleteAsync($"api/assets/own/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/assets/own")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(otherAdmin, $"/t/{slug}/api/assets/own", "a.txt", "text/plain", [1])).StatusCode);
        Assert.False(await server.TenantAsync(tenantId, db => db.PreparedAttachments.AnyAsync()));

        using var role = await admin.PostAsJsonAsync("api/roles", new { name = "Attacher", permissions = new[] { "UploadOwnAttachments" } });
        var roleId = (await role.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var assigned = await admin.PutAsync($"api/roles/{roleId}/people/{agent.Id}", null);
        using var permitted = await UploadAsync(asAgent, "own", "a.txt", "text/plain", [1]);

        Assert.Equal(HttpStatusCode.Created, permitted.StatusCode);
        Assert.Equal(agent.Id, await server.TenantAsync(tenantId, db => db.PreparedAttachments.Select(a => a.OwnerId).SingleAsync()));
    }

    [Fact]
    public async Task RefuseABadOwnUploadPerFieldAndStoreNothing()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantIdAsync(slug);
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var asAgent = await _tokens.ClientForAsync(agent, slug);

        using var executable = await UploadAsync(asAgent, "own", "setup.exe", "application/octet-stream", [0x4d, 0x5a]);
        using var oversized = await UploadAsync(asAgent, "own", "big.txt", "text/plain", new byte[(1024 * 1024) + 1]);
        using var empty = await UploadAsync(asAgent, "own", "empty.txt", "text/plain", []);

        Assert.Equal(HttpStatusCode.BadRequest, executable.StatusCode);
        Assert.Contains("'.exe'", (await executable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));
        Assert.False(await server.TenantAsync(tenantId, db => db.PreparedAttachments.AnyAsync()));
    }

    private Task<Guid> TenantIdAsync(string slug) => server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    private Task<Guid> CreatePartitionAsync(Guid tenantId, string name) => server.TenantAsync(tenantId, async db =>
    {
        var partition = new ClientPartition { Name = name };
        db.ClientPartitions.Add(partition);
        await db.SaveChangesAsync();
        return partition.Id;
    });

    private async Task<HttpClient> SignInAsync(TestPerson person, string slug)
    {
        var browser = _tokens.Oidc.Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, person.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var chosen = await OidcDriver.ChooseTenantAsync(browser, "/account/tenant", slug);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        return browser;
    }

    private static async Task<List<string?>> NamesAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(a => a.GetProperty("fileName").GetString()).ToList();

    /// <summary>Uploads to <c>api/assets/own</c> or <c>api/assets/prepared</c> (by short name) or to a full path.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string target, string fileName, string mediaType, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        form.Add(file, "file", fileName);
        return await client.PostAsync(target.StartsWith('/') ? target : $"api/assets/{target}", form);
    }
}

public sealed class PermissionEnforcementOnSqlite(SqliteServerFixture server) : PermissionEnforcementShould<SqliteServerFixture>(server);

public sealed class PermissionEnforcementOnPostgres(PostgresServerFixture server) : PermissionEnforcementShould<PostgresServerFixture>(server);

public sealed class PermissionEnforcementOnSqlServer(SqlServerServerFixture server) : PermissionEnforcementShould<SqlServerServerFixture>(server.Required());
