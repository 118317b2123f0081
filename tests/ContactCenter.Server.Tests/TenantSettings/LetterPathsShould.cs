using System.Net;
using System.Net.Http.Json;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Server.TenantSettings;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.TenantSettings;

/// <summary>
/// What a tenant administrator names in the PDF tab stays in the tenant's reach: stylesheet files only by name inside
/// <c>Letters:StylesheetDirectory</c> (with no hint which server files exist), letter output only in the tenant's own folder.
/// </summary>
public abstract class LetterPathsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task RefuseStylesheetFilesOutsideTheDirectoryAlikeWhetherOrNotTheyExist()
    {
        var slug = await server.SignUpAsync();
        using var admin = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));

        var existing = await LogoErrorsAsync(admin, slug, "/etc/passwd");
        var missing = await LogoErrorsAsync(admin, slug, "/etc/no-such-file-here");
        var climbing = await LogoErrorsAsync(admin, slug, "../../../../etc/passwd");

        Assert.Equal(existing, missing);
        Assert.Equal(existing, climbing);
        var message = Assert.Single(existing);
        Assert.StartsWith("$.letterhead.logo.file", message, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepEachTenantsLetterOutputInItsOwnFolder()
    {
        var (first, second) = (await server.SignUpAsync(), await server.SignUpAsync());
        var shared = "letters-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var slug in new[] { first, second })
        {
            using var admin = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
            using var saved = await admin.PutAsJsonAsync($"/t/{slug}/api/tenant/settings/pdf", new { stylesheet = (string?)null, outputDirectory = shared });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var validator = server.Services.GetRequiredService<TenantSettingsValidator>();
        var root = validator.LetterOutputRoot;

        Assert.False(Directory.Exists(Path.Combine(root, shared)));
        foreach (var slug in new[] { first, second })
        {
            var tenantId = await TenantApi.TenantIdAsync(server, slug);
            Assert.True(Directory.Exists(Path.Combine(root, tenantId.ToString("D"), shared)));
            Assert.Equal(Path.Combine(root, tenantId.ToString("D"), shared), validator.LetterOutputFor(tenantId).ResolveTenantDirectory(shared));
        }
    }

    private static async Task<string[]> LogoErrorsAsync(HttpClient admin, string slug, string file)
    {
        var stylesheet = System.Text.Json.JsonSerializer.Serialize(new { version = 1, letterhead = new { logo = new { file } } });
        using var response = await admin.PutAsJsonAsync($"/t/{slug}/api/tenant/settings/pdf", new { stylesheet, outputDirectory = "letters" });
        return (await TenantApi.FieldErrorsAsync(response))["stylesheet"].Where(m => m.StartsWith("$.letterhead", StringComparison.Ordinal)).ToArray();
    }
}

public sealed class LetterPathsOnSqliteShould(SqliteServerFixture server) : LetterPathsShould<SqliteServerFixture>(server);

public sealed class LetterPathsOnPostgresShould(PostgresServerFixture server) : LetterPathsShould<PostgresServerFixture>(server);
