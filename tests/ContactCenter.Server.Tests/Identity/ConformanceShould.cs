using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>
/// The checks of the OpenID Foundation's Basic OP test plan that the other suites do not already make
/// (docs/oidc-conformance.md maps every test of the plan).
/// </summary>
public abstract class ConformanceShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task AnswerAMissingResponseTypeWithAnErrorRedirect()
    {
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        var redirect = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["response_type"] = null }), null);

        // RFC 6749 §4.1.2.1: a missing required parameter is invalid_request (unsupported_response_type is for a value).
        Assert.Equal("invalid_request", redirect["error"]);
    }

    [Fact]
    public async Task IgnoreUnknownParametersDisplayAndScopeOrderAndAcceptNoNonce()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();

        var redirect = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce, new Dictionary<string, string?>
        {
            ["nonce"] = null, ["display"] = "popup", ["claims_locales"] = "de", ["extra_thing"] = "x", ["scope"] = "email openid", ["acr_values"] = "urn:unknown",
        }), person);
        var tokens = await _oidc.ExchangeCodeAsync(clientId, redirect["code"], pkce);
        var idToken = await _oidc.ValidateAsync(tokens.GetProperty("id_token").GetString()!, clientId);

        Assert.False(idToken.TryGetClaim("nonce", out _));
        Assert.Equal(person.Email, idToken.GetClaim("email").Value);
    }

    [Fact]
    public async Task AcceptAnAuthorizationRequestSentByPost()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();
        await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), person);
        var pkce = Pkce.Create();
        var query = OidcDriver.AuthorizeUrl(clientId, pkce)[(OidcDriver.AuthorizeUrl(clientId, pkce).IndexOf('?', StringComparison.Ordinal) + 1)..];

        using var response = await browser.PostAsync("/connect/authorize",
            new FormUrlEncodedContent(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString())));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("code=", response.Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerPromptNoneSilentlyForASignedInPersonAndHonourIdTokenHint()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var other = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();
        var pkce = Pkce.Create();
        var first = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person);
        var idToken = (await _oidc.ExchangeCodeAsync(clientId, first["code"], pkce)).GetProperty("id_token").GetString()!;
        using var otherBrowser = _oidc.Browser();
        var otherPkce = Pkce.Create();
        var otherFirst = await OidcDriver.AuthorizeAsync(otherBrowser, OidcDriver.AuthorizeUrl(clientId, otherPkce), other);
        var otherIdToken = (await _oidc.ExchangeCodeAsync(clientId, otherFirst["code"], otherPkce)).GetProperty("id_token").GetString()!;

        var silent = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(),
            new Dictionary<string, string?> { ["prompt"] = "none", ["id_token_hint"] = idToken }), null);
        var someoneElse = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(),
            new Dictionary<string, string?> { ["prompt"] = "none", ["id_token_hint"] = otherIdToken }), null);

        Assert.True(silent.ContainsKey("code"));
        Assert.Equal("login_required", someoneElse["error"]);
    }

    [Fact]
    public async Task PrefillTheLoginHint()
    {
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        using var authorize = await browser.GetAsync(OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["login_hint"] = "hint@people.example" }));
        var page = await browser.GetStringAsync(authorize.Headers.Location!.OriginalString);

        Assert.Equal("hint@people.example", PageBrowser.FieldValue(PageBrowser.Parse(page), "email"));
    }

    [Theory]
    [InlineData("request", "request_not_supported")]
    [InlineData("request_uri", "request_uri_not_supported")]
    public async Task RefuseRequestObjects(string parameter, string error)
    {
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        var redirect = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { [parameter] = "eyJhbGciOiJub25lIn0.e30." }), null);

        Assert.Equal(error, redirect["error"]);
    }

    [Fact]
    public async Task ExchangeACodeOfAConfidentialClientWithSecretPostAndAnswerUserInfoByPost()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var (clientId, secret) = await _oidc.AddConfidentialClientAsync();
        using var browser = _oidc.Browser();
        var pkce = Pkce.Create();
        var redirect = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person);

        using var exchanged = await _oidc.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["client_secret"] = secret, ["code"] = redirect["code"], ["redirect_uri"] = OidcDriver.RedirectUri,
            ["code_verifier"] = pkce.Verifier,
        });
        var accessToken = (await exchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using var client = server.CreateClient();
        using var byHeader = new HttpRequestMessage(HttpMethod.Post, "/connect/userinfo");
        byHeader.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        using var headerResponse = await client.SendAsync(byHeader);
        using var bodyResponse = await client.PostAsync("/connect/userinfo", new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = accessToken }));
        using var anonymous = await client.GetAsync("/connect/userinfo");

        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.True(headerResponse.IsSuccessStatusCode, $"{headerResponse.StatusCode} {headerResponse.Headers.WwwAuthenticate} {await headerResponse.Content.ReadAsStringAsync()}");
        Assert.Equal(person.Id.ToString(), (await headerResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sub").GetString());
        Assert.True(bodyResponse.IsSuccessStatusCode, $"{bodyResponse.StatusCode} {bodyResponse.Headers.WwwAuthenticate} {await bodyResponse.Content.ReadAsStringAsync()}");
        Assert.Equal(person.Id.ToString(), (await bodyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sub").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}

public sealed class ConformanceOnSqlite(SqliteServerFixture server) : ConformanceShould<SqliteServerFixture>(server);

public sealed class ConformanceOnPostgres(PostgresServerFixture server) : ConformanceShould<PostgresServerFixture>(server);

public sealed class ConformanceOnSqlServer(SqlServerServerFixture server) : ConformanceShould<SqlServerServerFixture>(server.Required());
