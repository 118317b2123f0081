using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>
/// The security review's findings about tokens: what ends them (password reset, a removed role, the absolute
/// lifetime of a rotation chain), whom a client may get them for, and what they reach.
/// </summary>
// A server of its own (Isolated…ServerFixture): this class moves the server's clock by weeks.
public abstract class TokenBoundariesShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task EndRefreshTokensAndSessionsWithAPasswordReset()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();
        var pkce = Pkce.Create();
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person))["code"];
        var refreshToken = (await _oidc.ExchangeCodeAsync(clientId, code, pkce)).GetProperty("refresh_token").GetString()!;

        using (var resetter = _oidc.Browser())
        {
            var (action, fields) = await OidcDriver.ReadFormAsync(resetter, await ResetLinkAsync(person.Email));
            fields["password"] = fields["confirmPassword"] = "New-Correct-Horse-7";
            using var reset = await resetter.PostAsync(action, new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        using var refresh = await _oidc.RefreshAsync(clientId, refreshToken);
        var silent = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["prompt"] = "none" }), null);

        Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(refresh)).GetProperty("error").GetString());
        Assert.Equal("login_required", silent["error"]);
    }

    [Fact]
    public async Task CapARotationChainAtTheAbsoluteLifetime()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var refreshToken = (await _oidc.CodeFlowTokensAsync(person, clientId)).GetProperty("refresh_token").GetString()!;

        // Each refresh comes well inside the 14-day sliding lifetime; the chain still ends 30 days after it began.
        var answers = new List<HttpStatusCode>();
        try
        {
            foreach (var days in new[] { 12, 24, 31 })
            {
                server.Clock.Offset = TimeSpan.FromDays(days);
                using var refreshed = await _oidc.RefreshAsync(clientId, refreshToken);
                answers.Add(refreshed.StatusCode);
                if (refreshed.StatusCode == HttpStatusCode.OK)
                {
                    refreshToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;
                }
                else
                {
                    Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(refreshed)).GetProperty("error").GetString());
                }
            }
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest], answers);
    }

    [Fact]
    public async Task RequirePkceFromConfidentialClientsToo()
    {
        var (clientId, _) = await _oidc.AddConfidentialClientAsync();
        using var browser = _oidc.Browser();

        var redirect = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, null), null);

        Assert.Equal("invalid_request", redirect["error"]);
    }

    [Fact]
    public async Task RefuseToEndASessionWithSomeoneElsesIdToken()
    {
        var tenant = await server.SignUpAsync();
        var signedIn = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var attacker = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var attackersIdToken = (await _oidc.CodeFlowTokensAsync(attacker, clientId)).GetProperty("id_token").GetString()!;
        using var browser = _oidc.Browser();
        await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), signedIn);

        using var endSession = await browser.GetAsync(
            $"/connect/endsession?id_token_hint={attackersIdToken}&post_logout_redirect_uri={Uri.EscapeDataString(OidcDriver.PostLogoutRedirectUri)}");
        var stillSignedIn = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["prompt"] = "none" }), null);

        Assert.Equal(HttpStatusCode.BadRequest, endSession.StatusCode);
        Assert.True(stillSignedIn.ContainsKey("code"), string.Join(", ", stillSignedIn));
    }

    [Fact]
    public async Task RefuseScopesTheClientIsNotRegisteredFor()
    {
        var clientId = await _oidc.AddPublicClientForScopesAsync("openid", "profile");
        var tenant = await server.SignUpAsync();
        var (serviceId, secret) = await _oidc.AddConfidentialClientAsync(tenant, "client_credentials");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // Registered for openid only: through OpenIddict's manager, so its cache knows.
            var applications = scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictApplicationManager>();
            var service = await applications.FindByClientIdAsync(serviceId);
            var descriptor = new OpenIddict.Abstractions.OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, service!);
            descriptor.Permissions.RemoveWhere(p => p.StartsWith("scp:", StringComparison.Ordinal) && p != "scp:openid");
            await applications.UpdateAsync(service!, descriptor);
        }
        using var browser = _oidc.Browser();

        var redirect = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), null);
        using var credentials = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" }, (serviceId, secret));

        Assert.Equal("invalid_scope", redirect["error"]);
        Assert.Equal("invalid_scope", (await OidcDriver.ErrorOf(credentials)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RefuseTenantApisToATokenWithoutTheApiScope()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.TenantAdministrator));
        var clientId = await _oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();
        var code = (await OidcDriver.AuthorizeAsync(browser,
            OidcDriver.AuthorizeUrl(clientId, pkce, new Dictionary<string, string?> { ["scope"] = "openid profile offline_access" }), person))["code"];
        var tokens = await _oidc.ExchangeCodeAsync(clientId, code, pkce);
        using var api = _oidc.ApiClient(tokens.GetProperty("access_token").GetString()!);

        using var read = await api.GetAsync($"/t/{tenant}/api/categories");
        using var change = await api.PostAsJsonAsync($"/t/{tenant}/api/escalation-partners", new { slug = await server.SignUpAsync() });
        using var userInfo = await api.GetAsync("/connect/userinfo");

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        Assert.Equal(0, await EscalationPartnersAsync(tenant));
    }

    [Fact]
    public async Task GiveAClientBoundToATenantTokensForThatTenantOnly()
    {
        var bound = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var member = await _oidc.CreatePersonAsync((bound, TenantRole.TenantAdministrator), (other, TenantRole.TenantAdministrator));
        var outsider = await _oidc.CreatePersonAsync((other, TenantRole.TenantAdministrator));
        var (clientId, secret) = await _oidc.AddConfidentialClientAsync(bound);

        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();
        var hinted = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce, new Dictionary<string, string?> { ["acr_values"] = $"tenant:{other}" }), member);
        using var exchanged = await _oidc.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = hinted["code"], ["redirect_uri"] = OidcDriver.RedirectUri, ["code_verifier"] = pkce.Verifier,
        }, (clientId, secret));
        var accessToken = (await exchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using var outsiderBrowser = _oidc.Browser();
        var refused = await OidcDriver.AuthorizeAsync(outsiderBrowser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), outsider);
        using var api = _oidc.ApiClient(accessToken);
        using var foreign = await api.PostAsJsonAsync($"/t/{other}/api/escalation-partners", new { slug = bound });

        Assert.Equal(bound, (await _oidc.ValidateAsync(accessToken, "contactcenter-api")).GetClaim("tenant").Value);
        Assert.Equal("access_denied", refused["error"]);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(0, await EscalationPartnersAsync(other));
    }

    [Fact]
    public async Task NeverTakeAClientForThePersonItsIdNames()
    {
        var tenant = await server.SignUpAsync();
        var administrator = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{tenant}.example").Select(u => u.Id).SingleAsync());
        var secret = await _oidc.AddConfidentialClientNamedAsync(administrator.ToString(), tenant, "client_credentials");
        using var issued = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" }, (administrator.ToString(), secret));
        using var api = _oidc.ApiClient((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);

        using var administration = await api.GetAsync($"/t/{tenant}/api/escalation-partners");

        Assert.Equal(HttpStatusCode.Forbidden, administration.StatusCode);
    }

    private async Task<string> ResetLinkAsync(string email)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = await users.FindByEmailAsync(email);
        var token = await users.GeneratePasswordResetTokenAsync(user!);
        return $"/account/reset?email={Uri.EscapeDataString(email)}&token={Base64UrlTextEncoder.Encode(Encoding.UTF8.GetBytes(token))}";
    }

    private Task<int> EscalationPartnersAsync(string slug) =>
        server.CatalogAsync(c => c.EscalationPartners.CountAsync(p => p.Tenant!.Slug == slug));

}

public sealed class TokenBoundariesOnSqlite(IsolatedSqliteServerFixture server) : TokenBoundariesShould<IsolatedSqliteServerFixture>(server);

public sealed class TokenBoundariesOnPostgres(IsolatedPostgresServerFixture server) : TokenBoundariesShould<IsolatedPostgresServerFixture>(server);

public sealed class TokenBoundariesOnSqlServer(IsolatedSqlServerServerFixture server) : TokenBoundariesShould<IsolatedSqlServerServerFixture>(server.Required());
