using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.OrgTree;

/// <summary>The page that edits one person's groups: saved through the API's handler, refused assignments explained and without effect.</summary>
public abstract class PersonGroupsPageShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task AssignGroupsAndExplainARefusal()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var person = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        var (agentGroup, supervisorGroup) = await server.TenantAsync(tenantId, async db =>
        {
            var group = await db.AgentGroups.FirstAsync();
            db.GroupAssignments.Add(new ContactCenter.Data.Tenant.GroupAssignment { PersonId = person.Id, AgentGroupId = group.Id });
            await db.SaveChangesAsync();
            return (group.Id, group.SupervisorGroupId);
        });
        Task<List<TenantRole>> RolesAsync() => server.CatalogAsync(c => c.TenantMemberships
            .Where(m => m.TenantId == tenantId && m.UserId == person.Id).Select(m => m.Role).OrderBy(r => r).ToListAsync());
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var url = $"/t/{slug}/admin/org-tree/people/{person.Id}";
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, url);

        var refused = await PageBrowser.PostAsync(browser, action,
            PageBrowser.Form(fields, ("agentGroupIds", agentGroup.ToString()), ("agentGroupIds", Guid.NewGuid().ToString())), HttpStatusCode.BadRequest);
        Assert.Contains("The assignment was refused and nothing changed: Choose existing agent groups.", refused, StringComparison.Ordinal);
        Assert.Equal([TenantRole.Agent], await RolesAsync());

        await PageBrowser.PostAsync(browser, action, PageBrowser.Form(fields, ("supervisorGroupIds", supervisorGroup.ToString())), HttpStatusCode.Redirect);
        Assert.Equal([TenantRole.Supervisor], await RolesAsync());
        Assert.Contains($"Groups of {person.Email} saved.", await browser.GetStringAsync($"/t/{slug}/admin/org-tree"), StringComparison.Ordinal);

        await PageBrowser.PostAsync(browser, action, PageBrowser.Form(fields), HttpStatusCode.Redirect);
        Assert.Empty(await RolesAsync());
        Assert.Contains($"{person.Email} is in no group now and no longer works for", await browser.GetStringAsync($"/t/{slug}/admin/org-tree"), StringComparison.Ordinal);
        using var gone = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task RefuseSupervisors()
    {
        var slug = await server.SignUpAsync();
        var supervisor = await _oidc.CreatePersonAsync((slug, TenantRole.Supervisor));
        using var browser = await PageBrowser.SignInAsync(server, supervisor, slug);

        using var response = await browser.GetAsync($"/t/{slug}/admin/org-tree/people/{supervisor.Id}");

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"A supervisor got {(int)response.StatusCode}");
        Assert.DoesNotContain("Save groups", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class PersonGroupsPageOnSqliteShould(SqliteServerFixture server) : PersonGroupsPageShould<SqliteServerFixture>(server);

public sealed class PersonGroupsPageOnPostgresShould(PostgresServerFixture server) : PersonGroupsPageShould<PostgresServerFixture>(server);

public sealed class PersonGroupsPageOnSqlServerShould(SqlServerServerFixture server) : PersonGroupsPageShould<SqlServerServerFixture>(server.Required());
