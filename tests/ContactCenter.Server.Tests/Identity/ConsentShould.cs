using System.Net;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>Clients that are not ours ask the person once per tenant and scope set; the account page withdraws a consent.</summary>
public abstract class ConsentShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task AskOncePerTenantAndScopeSet()
    {
        var first = await server.SignUpAsync();
        var second = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((first, TenantRole.Agent), (second, TenantRole.Agent));
        var clientId = await _oidc.AddThirdPartyClientAsync();
        using var browser = _oidc.Browser();
        string Url(string tenant, string scope, string? prompt = null) => OidcDriver.AuthorizeUrl(clientId, Pkce.Create(),
            new Dictionary<string, string?> { ["acr_values"] = $"tenant:{tenant}", ["scope"] = scope, ["prompt"] = prompt });

        var asked = await OidcDriver.AuthorizeAsync(browser, Url(first, "openid profile"), person);
        var consentPage = PageBrowser.Parse(await browser.GetStringAsync(asked[OidcDriver.ConsentPage]));
        var granted = await OidcDriver.AuthorizeAsync(browser, await OidcDriver.ConsentAsync(browser, asked[OidcDriver.ConsentPage], allow: true), person);
        var again = await OidcDriver.AuthorizeAsync(browser, Url(first, "openid profile"), person);
        var silentMore = await OidcDriver.AuthorizeAsync(browser, Url(first, "openid profile api", "none"), person);
        var more = await OidcDriver.AuthorizeAsync(browser, Url(first, "openid profile api"), person);
        var otherTenant = await OidcDriver.AuthorizeAsync(browser, Url(second, "openid profile"), person);

        Assert.Equal(["openid", "profile"], consentPage.QuerySelectorAll("[data-scope]").Select(e => e.GetAttribute("data-scope")));
        Assert.Equal("Partner app", consentPage.QuerySelector("[data-consent-client]")?.GetAttribute("data-consent-client"));
        Assert.True(granted.ContainsKey("code"), string.Join(", ", granted));
        Assert.True(again.ContainsKey("code"), string.Join(", ", again));
        Assert.Equal("consent_required", silentMore["error"]);
        Assert.True(more.ContainsKey(OidcDriver.ConsentPage), string.Join(", ", more));
        Assert.True(otherTenant.ContainsKey(OidcDriver.ConsentPage), string.Join(", ", otherTenant));
    }

    [Fact]
    public async Task AnswerAccessDeniedWhenThePersonDeclines()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddThirdPartyClientAsync();
        using var browser = _oidc.Browser();

        var asked = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), person);
        var declined = await OidcDriver.AuthorizeAsync(browser, await OidcDriver.ConsentAsync(browser, asked[OidcDriver.ConsentPage], allow: false), person);

        Assert.Equal("access_denied", declined["error"]);
    }

    [Fact]
    public async Task WithdrawAConsentAndItsTokensOnTheAccountPage()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddThirdPartyClientAsync();
        using var browser = _oidc.Browser();
        var pkce = Pkce.Create();
        var asked = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person);
        var code = (await OidcDriver.AuthorizeAsync(browser, await OidcDriver.ConsentAsync(browser, asked[OidcDriver.ConsentPage], allow: true), person))["code"];
        var refreshToken = (await _oidc.ExchangeCodeAsync(clientId, code, pkce)).GetProperty("refresh_token").GetString()!;

        var html = await browser.GetStringAsync("/account/consents");
        var listed = PageBrowser.Parse(html).QuerySelector($"[data-consent='{clientId}']");
        using var withdrawn = await PageBrowser.PostHandlerAsync(browser, $"/account/consents", "Revoke", html,
            new Dictionary<string, string> { ["clientId"] = clientId, ["tenant"] = tenant });
        using var refresh = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken });
        var askedAgain = await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), person);

        Assert.Equal(tenant, listed?.GetAttribute("data-tenant"));
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal("invalid_grant", (await OidcDriver.ErrorOf(refresh)).GetProperty("error").GetString());
        Assert.True(askedAgain.ContainsKey(OidcDriver.ConsentPage), string.Join(", ", askedAgain));
    }
}

public sealed class ConsentOnSqlite(SqliteServerFixture server) : ConsentShould<SqliteServerFixture>(server);

public sealed class ConsentOnPostgres(PostgresServerFixture server) : ConsentShould<PostgresServerFixture>(server);

public sealed class ConsentOnSqlServer(SqlServerServerFixture server) : ConsentShould<SqlServerServerFixture>(server.Required());
