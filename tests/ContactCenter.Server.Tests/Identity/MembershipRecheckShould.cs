using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>A person removed from a tenant loses it at once: their unexpired token and their session cookie stop working.</summary>
public abstract class MembershipRecheckShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task RefuseTheTokenAndTheSessionOfARemovedPerson()
    {
        var slug = await server.SignUpAsync();
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var api = await TenantApi.ClientAsync(server, agent);
        using var browser = await PageBrowser.SignInAsync(server, agent, slug);
        using (var before = await api.GetAsync($"/t/{slug}/api/tenant"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await server.CatalogAsync(c => c.TenantMemberships.Where(m => m.UserId == agent.Id && m.Tenant!.Slug == slug).ExecuteDeleteAsync());

        using var token = await api.GetAsync($"/t/{slug}/api/tenant");
        using var cookie = await browser.GetAsync($"/t/{slug}/api/tenant");
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cookie.StatusCode);
    }
}

public sealed class MembershipRecheckOnSqliteShould(SqliteServerFixture server) : MembershipRecheckShould<SqliteServerFixture>(server);

public sealed class MembershipRecheckOnPostgresShould(PostgresServerFixture server) : MembershipRecheckShould<PostgresServerFixture>(server);
