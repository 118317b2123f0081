using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.TextBlocks;

/// <summary>Changing text blocks takes the "may edit templates" permission, whatever role grants it.</summary>
public abstract class TextBlockPermissionShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task LetOnlyHoldersOfEditTemplatesChangeTextBlocks()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var block = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/text-blocks", new { name = "Hello", body = "Hello", channel = "Email" }));
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var editor = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var role = await TenantApi.IdOfAsync(await admin.PostAsJsonAsync("api/roles", new { name = "Template editor", permissions = new[] { "EditTemplates" } }));
        using (var assigned = await admin.PutAsync($"api/roles/{role}/people/{editor.Id}", null))
        {
            Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());
        }

        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var asEditor = await _tokens.ClientForAsync(editor, slug);
        using var asSupervisor = await _tokens.ClientForAsync(await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor)), slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);

        using var agentCreates = await asAgent.PostAsJsonAsync("api/text-blocks", new { name = "By agent", body = "x", channel = "Email" });
        using var agentDeletes = await asAgent.DeleteAsync($"api/text-blocks/{block}");
        using var foreignChanges = await otherAdmin.PutAsJsonAsync($"/t/{slug}/api/text-blocks/{block}", new { name = "Foreign", body = "x", channel = "Email" });
        using var editorChanges = await asEditor.PutAsJsonAsync($"api/text-blocks/{block}", new { name = "Hello", body = "Hello {customer.name}", channel = "Email" });
        using var supervisorCreates = await asSupervisor.PostAsJsonAsync("api/text-blocks", new { name = "By supervisor", body = "Hi", channel = "Sms" });

        // Taking the flag from the supervisor role takes the right from every supervisor.
        using (var revoked = await admin.PutAsJsonAsync($"api/roles/{BuiltInRoles.SupervisorId}", new { name = "Supervisor", permissions = new[] { "ExportLetters" } }))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        using var supervisorAfter = await asSupervisor.PostAsJsonAsync("api/text-blocks", new { name = "Too late", body = "Hi", channel = "Sms" });
        var names = (await admin.GetFromJsonAsync<JsonElement>("api/text-blocks")).EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();

        Assert.Equal(HttpStatusCode.Forbidden, agentCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentDeletes.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignChanges.StatusCode);
        Assert.Equal(HttpStatusCode.OK, editorChanges.StatusCode);
        Assert.Equal(HttpStatusCode.OK, supervisorCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorAfter.StatusCode);
        Assert.Equal(["By supervisor", "Hello"], names);
        Assert.Equal("Hello {customer.name}", (await admin.GetFromJsonAsync<JsonElement>($"api/text-blocks/{block}")).GetProperty("body").GetString());
    }
}

public sealed class TextBlockPermissionOnSqlite(SqliteServerFixture server) : TextBlockPermissionShould<SqliteServerFixture>(server);

public sealed class TextBlockPermissionOnPostgres(PostgresServerFixture server) : TextBlockPermissionShould<PostgresServerFixture>(server);

public sealed class TextBlockPermissionOnSqlServer(SqlServerServerFixture server) : TextBlockPermissionShould<SqlServerServerFixture>(server.Required());
