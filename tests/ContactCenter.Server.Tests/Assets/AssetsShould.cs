using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Assets;

/// <summary>The assets API: the attachment type allowlist and prepared attachments checked against it.</summary>
public abstract class AssetsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task UploadListDownloadAndDeletePreparedAttachments()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var content = "%PDF-1.7 terms and conditions"u8.ToArray();

        using var uploaded = await UploadAsync(admin, "Terms.pdf", "application/pdf", content);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var listed = await admin.GetFromJsonAsync<JsonElement>("api/assets/prepared");
        using var download = await admin.GetAsync($"api/assets/prepared/{id}");
        using var deleted = await admin.DeleteAsync($"api/assets/prepared/{id}");
        using var gone = await admin.GetAsync($"api/assets/prepared/{id}");

        var item = listed.EnumerateArray().Single();
        Assert.Equal("Terms.pdf", item.GetProperty("fileName").GetString());
        Assert.Equal(content.Length, item.GetProperty("size").GetInt64());
        Assert.Equal($"admin@{slug}.example", item.GetProperty("uploadedBy").GetString());
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task RefuseDisallowedTypesAndOversizedFiles()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        using var replaced = await admin.PutAsJsonAsync("api/assets/attachment-types",
            new[] { new { extension = "PDF", mediaType = "application/pdf", maxSizeMegabytes = 1 }, new { extension = ".txt", mediaType = "text/plain", maxSizeMegabytes = 1 } });

        using var executable = await UploadAsync(admin, "setup.exe", "application/octet-stream", [0x4d, 0x5a]);
        using var disguised = await UploadAsync(admin, "setup.pdf", "application/x-msdownload", [0x4d, 0x5a]);
        using var oversized = await UploadAsync(admin, "big.txt", "text/plain", new byte[(1024 * 1024) + 1]);
        using var fits = await UploadAsync(admin, "small.txt", "text/plain", new byte[1024 * 1024]);

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal([".pdf", ".txt"], (await replaced.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(t => t.GetProperty("extension").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, executable.StatusCode);
        Assert.Contains("'.exe'", (await executable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Contains("at most 1 MB", (await oversized.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        Assert.Equal(["small.txt"], (await admin.GetFromJsonAsync<JsonElement>("api/assets/prepared")).EnumerateArray().Select(a => a.GetProperty("fileName").GetString()));
    }

    [Fact]
    public async Task RefuseAnInvalidAllowlistPerFieldAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var before = await admin.GetStringAsync("api/assets/attachment-types");

        using var invalid = await admin.PutAsJsonAsync("api/assets/attachment-types", new[]
        {
            new { extension = ".pdf", mediaType = "application/pdf", maxSizeMegabytes = 5 },
            new { extension = ".p df", mediaType = "pdf", maxSizeMegabytes = 0 },
            new { extension = ".pdf", mediaType = "application/pdf", maxSizeMegabytes = 101 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["[1].extension", "[1].mediaType", "[1].maxSizeMegabytes", "[2].extension", "[2].maxSizeMegabytes"],
            errors.EnumerateObject().Select(e => e.Name).ToList());
        Assert.Equal(before, await admin.GetStringAsync("api/assets/attachment-types"));
        Assert.Contains(".pdf", before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LetMembersReadButOnlyThoseWhoMayChangeSettingsChange()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var supervisor = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var asSupervisor = await _tokens.ClientForAsync(supervisor, slug);
        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var types = new[] { new { extension = ".exe", mediaType = "application/octet-stream", maxSizeMegabytes = 1 } };

        Assert.Equal(HttpStatusCode.OK, (await asAgent.GetAsync("api/assets/attachment-types")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asAgent.GetAsync("api/assets/prepared")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.PutAsJsonAsync("api/assets/attachment-types", types)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(asAgent, "a.txt", "text/plain", [1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(asSupervisor, "a.txt", "text/plain", [1])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.DeleteAsync($"api/assets/prepared/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/assets/attachment-types")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/assets/prepared")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PutAsJsonAsync($"/t/{slug}/api/assets/attachment-types", types)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(otherAdmin, "a.txt", "text/plain", [1], $"/t/{slug}/")).StatusCode);
        Assert.DoesNotContain(".exe", await admin.GetStringAsync("api/assets/attachment-types"), StringComparison.Ordinal);

        // A custom role with the permission opens the door for the agent.
        using var role = await admin.PostAsJsonAsync("api/roles", new { name = "Asset keeper", permissions = new[] { "ChangeSettings" } });
        var roleId = (await role.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var assigned = await admin.PutAsync($"api/roles/{roleId}/people/{agent.Id}", null);
        using var permitted = await UploadAsync(asAgent, "a.txt", "text/plain", [1]);
        Assert.Equal(HttpStatusCode.Created, permitted.StatusCode);
        var tenantId = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());
        Assert.Equal(agent.Email, await server.TenantAsync(tenantId, db => db.PreparedAttachments.Select(a => a.UploadedBy).SingleAsync()));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, string mediaType, byte[] content, string prefix = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        form.Add(file, "file", fileName);
        return await client.PostAsync($"{prefix}api/assets/prepared", form);
    }
}

public sealed class AssetsOnSqlite(SqliteServerFixture server) : AssetsShould<SqliteServerFixture>(server);

public sealed class AssetsOnPostgres(PostgresServerFixture server) : AssetsShould<PostgresServerFixture>(server);

public sealed class AssetsOnSqlServer(SqlServerServerFixture server) : AssetsShould<SqlServerServerFixture>(server.Required());
