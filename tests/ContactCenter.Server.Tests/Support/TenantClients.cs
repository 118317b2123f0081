using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Support;

/// <summary>API clients carrying the access token of a person, obtained through the real code flow.</summary>
public static class TenantClients
{
    /// <summary>The administrator <c>SignUpAsync</c> created for the tenant.</summary>
    public static Task<HttpClient> AdministratorAsync(ServerFixture server, string slug) =>
        ForAsync(server, new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password), slug);

    public static async Task<HttpClient> ForAsync(ServerFixture server, TestPerson person, string slug)
    {
        var oidc = new OidcDriver(server);
        var clientId = await oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = oidc.Browser();
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person, slug))["code"];
        var token = (await oidc.ExchangeCodeAsync(clientId, code, pkce)).GetProperty("access_token").GetString()!;
        return oidc.ApiClient(token);
    }

    public static Task<Guid> TenantIdAsync(ServerFixture server, string slug) =>
        server.CatalogAsync(catalog => catalog.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());
}
