using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Roles;

/// <summary>The roles API: built-in and custom roles, their permission flags, assignments and the caller's effective permissions.</summary>
public abstract class RolesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task SeedTheBuiltInRolesAndLetTheAdministratorManageCustomOnes()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);

        var roles = await admin.GetFromJsonAsync<JsonElement>("api/roles");
        Assert.Equal(["tenant_administrator", "supervisor", "agent"],
            roles.EnumerateArray().Where(r => r.GetProperty("builtIn").ValueKind == JsonValueKind.String).Select(r => r.GetProperty("builtIn").GetString()).Order().Reverse());
        using var created = await admin.PostAsJsonAsync("api/roles", new { name = "Exporter", description = "Letters", permissions = new[] { "ExportLetters" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var edited = await admin.PutAsJsonAsync($"api/roles/{id}", new { name = "Letter exporter", permissions = new[] { "ExportLetters", "EditTemplates" } });
        using var duplicate = await admin.PostAsJsonAsync("api/roles", new { name = "Supervisor", permissions = Array.Empty<string>() });
        using var deleted = await admin.DeleteAsync($"api/roles/{id}");
        using var gone = await admin.DeleteAsync($"api/roles/{id}");

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(["ExportLetters", "EditTemplates"], (await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).Reverse());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var catalog = await admin.GetFromJsonAsync<JsonElement>("api/roles/permissions");
        Assert.Contains(catalog.EnumerateArray(), p => p.GetProperty("name").GetString() == "DeletePartitions" && p.GetProperty("description").GetString()!.Length > 0);
    }

    [Fact]
    public async Task ProtectTheBuiltInRoles()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var tenantId = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

        using var renamed = await admin.PutAsJsonAsync($"api/roles/{BuiltInRoles.SupervisorId}", new { name = "Boss", permissions = new[] { "EditTemplates" } });
        using var withoutSettings = await admin.PutAsJsonAsync($"api/roles/{BuiltInRoles.AdministratorId}", new { name = "Administrator", permissions = new[] { "ManagePeople" } });
        using var deleted = await admin.DeleteAsync($"api/roles/{BuiltInRoles.AgentId}");
        using var agentEdited = await admin.PutAsJsonAsync($"api/roles/{BuiltInRoles.AgentId}", new { name = "Agent", permissions = new[] { "ExportLetters" } });

        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Contains("keeps its name", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withoutSettings.StatusCode);
        Assert.Contains("change settings", (await withoutSettings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("permissions")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, agentEdited.StatusCode);
        var stored = await server.TenantAsync(tenantId, db => db.Roles.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(3, stored.Count);
        Assert.Equal("Supervisor", stored.Single(r => r.Id == BuiltInRoles.SupervisorId).Name);
        Assert.Equal(BuiltInRoles.All, stored.Single(r => r.Id == BuiltInRoles.AdministratorId).Permissions);
        Assert.Equal(Permission.ExportLetters, stored.Single(r => r.Id == BuiltInRoles.AgentId).Permissions);
    }

    [Fact]
    public async Task RefuseInvalidInputPerFieldAndChangeNothing()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var before = await admin.GetStringAsync("api/roles");

        using var invalid = await admin.PostAsJsonAsync("api/roles", new { name = "", description = new string('x', 2001), permissions = new[] { "FlyToTheMoon", "8" } });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("description", out _));
        Assert.Contains("FlyToTheMoon", errors.GetProperty("permissions")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync("api/roles"));
    }

    [Fact]
    public async Task GiveAPersonTheUnionOfBuiltInAndCustomRoles()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var stranger = await _tokens.Oidc.CreatePersonAsync();
        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var created = await admin.PostAsJsonAsync("api/roles", new { name = "Partition cleaner", permissions = new[] { "DeletePartitions" } });
        var roleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var alone = await asAgent.GetFromJsonAsync<JsonElement>("api/me/permissions");
        using var assigned = await admin.PutAsync($"api/roles/{roleId}/people/{agent.Id}", null);
        var together = await asAgent.GetFromJsonAsync<JsonElement>("api/me/permissions");
        using var notHere = await admin.PutAsync($"api/roles/{roleId}/people/{stranger.Id}", null);
        using var builtIn = await admin.PutAsync($"api/roles/{BuiltInRoles.SupervisorId}/people/{agent.Id}", null);
        var listed = await admin.GetFromJsonAsync<JsonElement>("api/roles");
        using var removed = await admin.DeleteAsync($"api/roles/{roleId}/people/{agent.Id}");
        var after = await asAgent.GetFromJsonAsync<JsonElement>("api/me/permissions");

        Assert.Equal(["UploadOwnAttachments"], Names(alone, "permissions"));
        Assert.Equal(HttpStatusCode.NoContent, assigned.StatusCode);
        Assert.Equal(["UploadOwnAttachments", "DeletePartitions"], Names(together, "permissions"));
        Assert.Equal(["Agent", "Partition cleaner"], Names(together, "roles"));
        Assert.Equal(HttpStatusCode.NotFound, notHere.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, builtIn.StatusCode);
        Assert.Equal([agent.Id], listed.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == roleId).GetProperty("people").EnumerateArray().Select(p => p.GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(["UploadOwnAttachments"], Names(after, "permissions"));
        var admins = await admin.GetFromJsonAsync<JsonElement>("api/me/permissions");
        Assert.Contains("ChangeSettings", Names(admins, "permissions"));
    }

    [Fact]
    public async Task LetOnlyAdministratorsOfTheTenantChangeRoles()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var supervisor = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var asSupervisor = await _tokens.ClientForAsync(supervisor, slug);
        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);
        var body = new { name = "Sneaky", permissions = new[] { "ChangeSettings" } };

        Assert.Equal(HttpStatusCode.OK, (await asSupervisor.GetAsync("api/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PostAsJsonAsync("api/roles", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PutAsJsonAsync($"api/roles/{BuiltInRoles.SupervisorId}", new { name = "Supervisor", permissions = new[] { "ChangeSettings" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PutAsync($"api/roles/{BuiltInRoles.AgentId}/people/{supervisor.Id}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.GetAsync("api/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.DeleteAsync($"api/roles/{BuiltInRoles.AgentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PostAsJsonAsync($"/t/{slug}/api/roles", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/me/permissions")).StatusCode);
        var tenantId = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());
        Assert.Equal(3, await server.TenantAsync(tenantId, db => db.Roles.CountAsync()));
        Assert.Equal(BuiltInRoles.SupervisorDefaults, await server.TenantAsync(tenantId, db => db.Roles.Where(r => r.Id == BuiltInRoles.SupervisorId).Select(r => r.Permissions).SingleAsync()));
    }

    private static List<string?> Names(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(p => p.GetString()).ToList();
}

public sealed class RolesOnSqlite(SqliteServerFixture server) : RolesShould<SqliteServerFixture>(server);

public sealed class RolesOnPostgres(PostgresServerFixture server) : RolesShould<PostgresServerFixture>(server);

public sealed class RolesOnSqlServer(SqlServerServerFixture server) : RolesShould<SqlServerServerFixture>(server.Required());
