using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.OrgTree;

/// <summary>The org tree API: groups at every level, the last-system-group rule, and people whose catalog memberships follow their groups.</summary>
public abstract class OrgTreeShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task LetTheAdministratorBuildAndRenameTheTree()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);

        var systemId = await CreateAsync(admin, "system-groups", new { name = "Second line" });
        var supervisorId = await CreateAsync(admin, "supervisor-groups", new { name = "Escalations", parentId = systemId });
        var agentId = await CreateAsync(admin, "agent-groups", new { name = "Experts", description = "Hard cases", parentId = supervisorId });
        using var renamed = await admin.PutAsJsonAsync($"api/org-tree/agent-groups/{agentId}", new { name = "Specialists", parentId = supervisorId });
        using var duplicate = await admin.PostAsJsonAsync("api/org-tree/system-groups", new { name = "Second line" });
        using var invalid = await admin.PostAsJsonAsync("api/org-tree/agent-groups", new { name = "", parentId = Guid.NewGuid() });
        var tree = await admin.GetFromJsonAsync<JsonElement>("api/org-tree");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("parentId", out _));
        var systems = tree.GetProperty("systemGroups").EnumerateArray().ToList();
        Assert.Equal(2, systems.Count);
        var added = systems.Single(s => s.GetProperty("id").GetGuid() == systemId);
        Assert.Equal("Specialists", added.GetProperty("supervisorGroups")[0].GetProperty("agentGroups")[0].GetProperty("name").GetString());
        var seeded = systems.Single(s => s.GetProperty("id").GetGuid() != systemId);
        Assert.True(seeded.GetProperty("supervisorGroups")[0].GetProperty("agentGroups")[0].GetProperty("categories")[0].GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task RefuseToRemoveTheLastSystemGroupOrAGroupThatStillHasChildren()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var tree = await admin.GetFromJsonAsync<JsonElement>("api/org-tree");
        var onlySystem = tree.GetProperty("systemGroups")[0];
        var seededAgentGroup = onlySystem.GetProperty("supervisorGroups")[0].GetProperty("agentGroups")[0].GetProperty("id").GetGuid();

        using var last = await admin.DeleteAsync($"api/org-tree/system-groups/{onlySystem.GetProperty("id").GetGuid()}");
        using var withCategories = await admin.DeleteAsync($"api/org-tree/agent-groups/{seededAgentGroup}");
        var spare = await CreateAsync(admin, "system-groups", new { name = "Spare" });
        using var empty = await admin.DeleteAsync($"api/org-tree/system-groups/{spare}");
        using var gone = await admin.DeleteAsync($"api/org-tree/system-groups/{spare}");

        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("last system group", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, withCategories.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task KeepTheCatalogMembershipsInStepWithTheGroups()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var tree = await admin.GetFromJsonAsync<JsonElement>("api/org-tree");
        var supervisorGroup = tree.GetProperty("systemGroups")[0].GetProperty("supervisorGroups")[0];
        var agentGroup = supervisorGroup.GetProperty("agentGroups")[0].GetProperty("id").GetGuid();
        // A person who works for the tenant already: groups are assigned only to them (others accept an invitation first).
        var person = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var tenantId = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());
        Task<List<TenantRole>> RolesAsync() => server.CatalogAsync(c => c.TenantMemberships
            .Where(m => m.TenantId == tenantId && m.UserId == person.Id).Select(m => m.Role).OrderBy(r => r).ToListAsync());

        using var agent = await admin.PutAsJsonAsync($"api/org-tree/people/{person.Id}/groups", new { agentGroupIds = new[] { agentGroup } });
        Assert.Equal([TenantRole.Agent], await RolesAsync());
        using var asAgent = await _tokens.ClientForAsync(person, slug);
        Assert.Equal(HttpStatusCode.OK, (await asAgent.GetAsync("api/categories")).StatusCode);

        using var both = await admin.PutAsJsonAsync($"api/org-tree/people/{person.Id}/groups",
            new { agentGroupIds = new[] { agentGroup }, supervisorGroupIds = new[] { supervisorGroup.GetProperty("id").GetGuid() } });
        Assert.Equal([TenantRole.Agent, TenantRole.Supervisor], await RolesAsync());

        using var none = await admin.PutAsJsonAsync($"api/org-tree/people/{person.Id}/groups", new { agentGroupIds = Array.Empty<Guid>() });
        using var unknownGroup = await admin.PutAsJsonAsync($"api/org-tree/people/{person.Id}/groups", new { agentGroupIds = new[] { Guid.NewGuid() } });
        Assert.Empty(await RolesAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknownGroup.StatusCode);
        var people = await admin.GetFromJsonAsync<JsonElement>("api/org-tree/people");
        Assert.Contains(people.EnumerateArray(), p => p.GetProperty("email").GetString() == $"admin@{slug}.example");
    }

    [Fact]
    public async Task NoLongerOfferTheTenantAtSignInOnceThePersonsLastGroupIsRemoved()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var tree = await admin.GetFromJsonAsync<JsonElement>("api/org-tree");
        var agentGroup = tree.GetProperty("systemGroups")[0].GetProperty("supervisorGroups")[0].GetProperty("agentGroups")[0].GetProperty("id").GetGuid();
        var person = await _tokens.Oidc.CreatePersonAsync();
        var clientId = await _tokens.Oidc.AddPublicClientAsync();
        async Task<Dictionary<string, string>> SignInAsync()
        {
            using var browser = _tokens.Oidc.Browser();
            return await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), person);
        }

        var before = await SignInAsync();
        // Now in one of the tenant's groups, as after accepting an invitation; the assignment below brings the membership.
        await server.TenantAsync(await TenantApi.TenantIdAsync(server, slug), async db =>
        {
            db.GroupAssignments.Add(new ContactCenter.Data.Tenant.GroupAssignment { PersonId = person.Id, AgentGroupId = agentGroup });
            return await db.SaveChangesAsync();
        });
        using (var assigned = await admin.PutAsJsonAsync($"api/org-tree/people/{person.Id}/groups", new { agentGroupIds = new[] { agentGroup } }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        var working = await SignInAsync();
        using var asAgent = await _tokens.ClientForAsync(person, slug);
        Assert.Equal(HttpStatusCode.OK, (await asAgent.GetAsync("api/contacts")).StatusCode);
        using (var removed = await admin.PutAsJsonAsync($"api/org-tree/people/{person.Id}/groups", new { agentGroupIds = Array.Empty<Guid>(), supervisorGroupIds = Array.Empty<Guid>() }))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        var after = await SignInAsync();

        Assert.Equal("access_denied", before["error"]);
        Assert.True(working.ContainsKey("code"), string.Join(", ", working.Select(p => $"{p.Key}={p.Value}")));
        Assert.Equal("access_denied", after["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.GetAsync("api/contacts")).StatusCode);
        var people = await admin.GetFromJsonAsync<JsonElement>("api/org-tree/people");
        Assert.DoesNotContain(people.EnumerateArray(), p => p.GetProperty("id").GetGuid() == person.Id);
    }

    [Fact]
    public async Task InviteAPersonByEmail()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var tree = await admin.GetFromJsonAsync<JsonElement>("api/org-tree");
        var agentGroup = tree.GetProperty("systemGroups")[0].GetProperty("supervisorGroups")[0].GetProperty("agentGroups")[0].GetProperty("id").GetGuid();
        var email = DevMailServices.Address(Guid.NewGuid().ToString("N")[..10]);

        using var invited = await admin.PostAsJsonAsync("api/org-tree/people", new { email, agentGroupIds = new[] { agentGroup } });
        using var invalid = await admin.PostAsJsonAsync("api/org-tree/people", new { email = "nobody", agentGroupIds = Array.Empty<Guid>() });

        var result = await invited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        Assert.True(result.GetProperty("accountCreated").GetBoolean());
        Assert.True(result.GetProperty("invitationSent").GetBoolean());
        Assert.Equal(["Agent"], result.GetProperty("person").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _) && errors.TryGetProperty("agentGroupIds", out _));
    }

    [Fact]
    public async Task LetSupervisorsReadButOnlyAdministratorsChange()
    {
        var slug = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var supervisor = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        var agent = await _tokens.Oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var asSupervisor = await _tokens.ClientForAsync(supervisor, slug);
        using var asAgent = await _tokens.ClientForAsync(agent, slug);
        using var otherAdmin = await _tokens.AdministratorAsync(other);

        Assert.Equal(HttpStatusCode.OK, (await asSupervisor.GetAsync("api/org-tree")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSupervisor.PostAsJsonAsync("api/org-tree/system-groups", new { name = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAgent.GetAsync("api/org-tree")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/t/{slug}/api/org-tree")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PostAsJsonAsync($"/t/{slug}/api/org-tree/system-groups", new { name = "X" })).StatusCode);
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string kind, object body)
    {
        using var response = await admin.PostAsJsonAsync($"api/org-tree/{kind}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<Guid>();
    }
}

public sealed class OrgTreeOnSqlite(SqliteServerFixture server) : OrgTreeShould<SqliteServerFixture>(server);

public sealed class OrgTreeOnPostgres(PostgresServerFixture server) : OrgTreeShould<PostgresServerFixture>(server);

public sealed class OrgTreeOnSqlServer(SqlServerServerFixture server) : OrgTreeShould<SqlServerServerFixture>(server.Required());
