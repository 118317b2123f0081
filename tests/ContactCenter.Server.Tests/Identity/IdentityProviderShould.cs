using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>The OpenID Connect provider end to end: code flow with PKCE, tokens, refresh, revocation, and every refusal.</summary>
// A server of its own (Isolated…ServerFixture): this class moves the server's clock past code and token lifetimes.
public abstract class IdentityProviderShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task PublishDiscoveryAndKeys()
    {
        using var client = server.CreateClient();

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks");

        // OpenIddict names the issuer as an absolute URI, with the path "/".
        Assert.Equal("http://localhost/", discovery.GetProperty("issuer").GetString());
        Assert.Equal("http://localhost/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var key = jwks.GetProperty("keys")[0];
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _), "The JWKS must not carry the private key.");
    }

    [Fact]
    public async Task IssueTokensForTheTenantThePersonWorksFor()
    {
        var tenant = await server.SignUpAsync();
        var other = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Supervisor));
        var clientId = await _oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();

        var url = OidcDriver.AuthorizeUrl(clientId, pkce, new Dictionary<string, string?> { ["state"] = "s-1", ["nonce"] = "n-1" });
        var redirect = await OidcDriver.AuthorizeAsync(browser, url, person);
        var tokens = await _oidc.ExchangeCodeAsync(clientId, redirect["code"], pkce);

        Assert.Equal("s-1", redirect["state"]);
        Assert.Equal("http://localhost/", redirect["iss"]);
        var idToken = await _oidc.ValidateAsync(tokens.GetProperty("id_token").GetString()!, clientId);
        Assert.Equal(person.Id.ToString(), idToken.Subject);
        Assert.Equal("n-1", idToken.GetClaim("nonce").Value);
        Assert.Equal(tenant, idToken.GetClaim("tenant").Value);
        Assert.Equal("supervisor", idToken.GetClaim("role").Value);
        Assert.Equal("pwd", idToken.GetClaim("amr").Value);
        Assert.Equal(person.Email, idToken.GetClaim("email").Value);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal("at+jwt", (await _oidc.ValidateAsync(accessToken, "contactcenter-api")).Typ);

        using var api = _oidc.ApiClient(accessToken);
        using var own = await api.GetAsync($"/t/{tenant}/api/categories");
        using var foreign = await api.GetAsync($"/t/{other}/api/categories");
        using var foreignByHeader = await SendWithTenantHeaderAsync(api, other);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignByHeader.StatusCode);
    }

    [Fact]
    public async Task AnswerUserInfoForTheAccessToken()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var tokens = await _oidc.CodeFlowTokensAsync(person, await _oidc.AddPublicClientAsync());
        using var api = _oidc.ApiClient(tokens.GetProperty("access_token").GetString()!);

        var userInfo = await api.GetFromJsonAsync<JsonElement>("/connect/userinfo");

        Assert.Equal(person.Id.ToString(), userInfo.GetProperty("sub").GetString());
        Assert.Equal(person.Email, userInfo.GetProperty("email").GetString());
        Assert.Equal(tenant, userInfo.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task ShowAnErrorInsteadOfRedirectingToAnUnregisteredUri()
    {
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        var url = OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["redirect_uri"] = "https://evil.example/callback" });
        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task RequirePkceFromPublicClients()
    {
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        var withoutPkce = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, null), null);
        var plain = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(),
            new Dictionary<string, string?> { ["code_challenge_method"] = "plain" }), null);

        Assert.Equal("invalid_request", withoutPkce["error"]);
        Assert.Equal("invalid_request", plain["error"]);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(null)]
    public async Task RefuseACodeWithoutTheRightVerifier(string? verifier)
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person))["code"];

        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = OidcDriver.RedirectUri };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier == "wrong" ? Pkce.Create().Verifier : verifier;
        }

        using var response = await _oidc.TokenRequestAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // A missing verifier is a missing parameter (RFC 6749 §5.2, invalid_request); a wrong one fails the grant.
        Assert.Equal(verifier is null ? "invalid_request" : "invalid_grant", (await OidcDriver.ErrorOf(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RefuseAReusedCodeAndRevokeWhatItGave()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person))["code"];
        var first = await _oidc.ExchangeCodeAsync(clientId, code, pkce);

        using var second = await _oidc.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = OidcDriver.RedirectUri, ["code_verifier"] = pkce.Verifier,
        });
        using var refresh = await _oidc.RefreshAsync(clientId, first.GetProperty("refresh_token").GetString()!);
        using var api = _oidc.ApiClient(first.GetProperty("access_token").GetString()!);
        using var call = await api.GetAsync($"/t/{tenant}/api/categories");

        Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(second)).GetProperty("error").GetString());
        Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(refresh)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, call.StatusCode);
    }

    [Fact]
    public async Task RefuseAnExpiredCode()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person))["code"];

        server.Clock.Offset = TimeSpan.FromSeconds(61);
        HttpResponseMessage response;
        try
        {
            response = await _oidc.TokenRequestAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = OidcDriver.RedirectUri, ["code_verifier"] = pkce.Verifier,
            });
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }

        using (response)
        {
            var error = await OidcDriver.ErrorOf(response);
            Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
            Assert.Contains("expired", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RotateRefreshTokensAndRevokeTheChainWhenAnOldOneIsReused()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var tokens = await _oidc.CodeFlowTokensAsync(person, clientId);
        var original = tokens.GetProperty("refresh_token").GetString()!;

        using var rotated = await _oidc.RefreshAsync(clientId, original);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newer = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(original, newer);

        using var reuse = await _oidc.RefreshAsync(clientId, original);
        using var afterReuse = await _oidc.RefreshAsync(clientId, newer);

        Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(reuse)).GetProperty("error").GetString());
        Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(afterReuse)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task RevokeARefreshToken()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var tokens = await _oidc.CodeFlowTokensAsync(person, clientId);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        using var client = server.CreateClient();

        using var revoked = await client.PostAsync("/connect/revocation",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = clientId, ["token"] = refreshToken }));
        using var refresh = await _oidc.RefreshAsync(clientId, refreshToken);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(refresh)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task IssueClientCredentialsTokensWithBasicOrPostAuthentication()
    {
        var tenant = await server.SignUpAsync();
        var (clientId, secret) = await _oidc.AddConfidentialClientAsync(tenant);

        using var basic = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" }, (clientId, secret));
        using var post = await _oidc.TokenRequestAsync(new Dictionary<string, string>
            { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret });
        using var wrong = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, (clientId, secret + "x"));

        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("no-store", basic.Headers.CacheControl?.ToString());
        var token = await _oidc.ValidateAsync((await basic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!, "contactcenter-api");
        Assert.Equal(clientId, token.Subject);
        Assert.Equal(tenant, token.GetClaim("tenant").Value);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await OidcDriver.ErrorOf(wrong)).GetProperty("error").GetString());
        Assert.StartsWith("Basic", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseTamperedUnsignedAndSymmetricallySignedTokens()
    {
        var tenant = await server.SignUpAsync();
        var (clientId, secret) = await _oidc.AddConfidentialClientAsync(tenant);
        using var issued = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, (clientId, secret));
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        var parts = token.Split('.');
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1])).RootElement;
        var otherTenant = await server.SignUpAsync();
        var forged = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.GetRawText().Replace(tenant, otherTenant, StringComparison.Ordinal)));
        string Header(string alg) => Base64UrlEncoder.Encode($$"""{"alg":"{{alg}}","kid":"{{JsonDocument.Parse(Base64UrlEncoder.Decode(parts[0])).RootElement.GetProperty("kid").GetString()}}","typ":"at+jwt"}""");

        var tampered = $"{parts[0]}.{forged}.{parts[2]}";
        var unsigned = $"{Header("none")}.{forged}.";
        var hmacInput = $"{Header("HS256")}.{forged}";
        var symmetric = hmacInput + "." + Base64UrlEncoder.Encode(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("guessed-shared-secret-0123456789"), Encoding.ASCII.GetBytes(hmacInput)));

        foreach (var bad in new[] { tampered, unsigned, symmetric })
        {
            using var api = _oidc.ApiClient(bad);
            using var response = await api.GetAsync($"/t/{otherTenant}/api/categories");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var genuine = _oidc.ApiClient(token);
        using var ok = await genuine.GetAsync($"/t/{tenant}/api/categories");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task AskWhichTenantAndOfferAllOnlyWhenEveryTenantAllowsIt()
    {
        var first = await server.SignUpAsync();
        var second = await server.SignUpAsync();
        var third = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((first, TenantRole.Agent), (second, TenantRole.Supervisor), (third, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        var pkce = Pkce.Create();
        var chosen = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person, tenant: second);
        var secondToken = await _oidc.ValidateAsync((await _oidc.ExchangeCodeAsync(clientId, chosen["code"], pkce)).GetProperty("id_token").GetString()!, clientId);
        Assert.Equal(second, secondToken.GetClaim("tenant").Value);
        Assert.Equal("supervisor", secondToken.GetClaim("role").Value);

        pkce = Pkce.Create();
        var all = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce, new Dictionary<string, string?> { ["prompt"] = "select_account" }), person, tenant: "*");
        var allToken = await _oidc.ValidateAsync((await _oidc.ExchangeCodeAsync(clientId, all["code"], pkce)).GetProperty("id_token").GetString()!, clientId);
        Assert.Equal(new[] { first, second, third }.Order(), allToken.Claims.Where(c => c.Type == "tenants").Select(c => c.Value).Order());

        await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == third).ExecuteUpdateAsync(s => s.SetProperty(t => t.AllowsSignInForAllTenants, false)));
        var choice = "/account/tenant?returnUrl=%2F";
        var page = await (await browser.GetAsync(choice)).Content.ReadAsStringAsync();
        using var refused = await OidcDriver.ChooseTenantAsync(browser, choice, "*");

        var offered = PageBrowser.Parse(page).QuerySelectorAll("[data-tenant]").Select(e => e.GetAttribute("data-tenant")).ToList();
        Assert.DoesNotContain("*", offered);
        Assert.Contains(first, offered);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task PreselectAHintedTenantOnlyForItsMembers()
    {
        var first = await server.SignUpAsync();
        var second = await server.SignUpAsync();
        var foreign = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((first, TenantRole.Agent), (second, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        var pkce = Pkce.Create();
        var hinted = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce, new Dictionary<string, string?> { ["acr_values"] = $"tenant:{second}" }), person);
        var token = await _oidc.ValidateAsync((await _oidc.ExchangeCodeAsync(clientId, hinted["code"], pkce)).GetProperty("id_token").GetString()!, clientId);
        using var foreignHint = await browser.GetAsync(OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["acr_values"] = $"tenant:{foreign}" }));

        Assert.Equal(second, token.GetClaim("tenant").Value);
        Assert.Equal(HttpStatusCode.Redirect, foreignHint.StatusCode);
        Assert.Contains("/account/tenant", foreignHint.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains($"refused={foreign}", foreignHint.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerLoginRequiredForPromptNoneWithoutASession()
    {
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        var redirect = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["prompt"] = "none" }), null);

        Assert.Equal("login_required", redirect["error"]);
    }

    [Fact]
    public async Task LockAPersonOutAfterRepeatedFailures()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        using var browser = _oidc.Browser();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, "Wrong-Password-1");
            Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        }

        using var locked = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, person.Password);

        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task NeverRedirectAwayAfterSignIn(string returnUrl)
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        using var browser = _oidc.Browser();

        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl), person.Email, person.Password);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/account/tenant", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOutOnlyToARegisteredAddress()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var idToken = (await _oidc.CodeFlowTokensAsync(person, clientId)).GetProperty("id_token").GetString()!;
        using var browser = _oidc.Browser();

        // The ID token has expired by now: a hint is still accepted (it only names the session).
        server.Clock.Offset = TimeSpan.FromMinutes(10);
        HttpResponseMessage evil, registered;
        try
        {
            evil = await browser.GetAsync($"/connect/endsession?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString("https://evil.example/")}");
            registered = await browser.GetAsync($"/connect/endsession?id_token_hint={idToken}&state=xyz&post_logout_redirect_uri={Uri.EscapeDataString(OidcDriver.PostLogoutRedirectUri)}");
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }

        using (evil)
        using (registered)
        {
            Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
            Assert.Equal(OidcDriver.PostLogoutRedirectUri + "?state=xyz", registered.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task ShowTheLoginInGermanWhenAsked()
    {
        using var browser = _oidc.Browser();

        var page = await browser.GetStringAsync("/account/login?ui_locales=de");

        var document = PageBrowser.Parse(page);
        var labels = document.QuerySelectorAll("label").Select(label => label.TextContent).ToList();
        Assert.Contains("E-Mail", labels);
        Assert.Contains("Passwort", labels);
        Assert.Equal("de", document.DocumentElement.GetAttribute("lang"));
    }

    private static Task<HttpResponseMessage> SendWithTenantHeaderAsync(HttpClient api, string tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/categories");
        request.Headers.Add("X-Tenant", tenant);
        return api.SendAsync(request);
    }
}

public sealed class IdentityProviderOnSqlite(IsolatedSqliteServerFixture server) : IdentityProviderShould<IsolatedSqliteServerFixture>(server);

public sealed class IdentityProviderOnPostgres(IsolatedPostgresServerFixture server) : IdentityProviderShould<IsolatedPostgresServerFixture>(server);

public sealed class IdentityProviderOnSqlServer(IsolatedSqlServerServerFixture server) : IdentityProviderShould<IsolatedSqlServerServerFixture>(server.Required());
