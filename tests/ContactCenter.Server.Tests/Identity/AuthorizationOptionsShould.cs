using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>Authorization request options (response_mode, prompt, max_age), client management, and what every page answers with.</summary>
// A server of its own (Isolated…ServerFixture): this class moves the server's clock past authorization lifetimes.
public abstract class AuthorizationOptionsShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task PostTheCodeBackWhenFormPostIsAsked()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();
        await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), person);

        using var response = await browser.GetAsync(OidcDriver.AuthorizeUrl(clientId, Pkce.Create(),
            new Dictionary<string, string?> { ["response_mode"] = "form_post", ["state"] = "st<&>" }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = PageBrowser.Parse(html).QuerySelector("form");
        Assert.NotNull(form);
        Assert.Equal(OidcDriver.RedirectUri, form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=code]"));
        Assert.Equal("st<&>", form.QuerySelector("input[name=state]")?.GetAttribute("value"));
        // The markup itself, too: a parser reads an unescaped "st<&>" inside quotes just the same.
        Assert.Contains("value=\"st&lt;&amp;&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'sha256-", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskForThePasswordAgainForPromptLoginAndAnExceededMaxAge()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var clientId = await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();
        await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, Pkce.Create()), person);

        using var silent = await browser.GetAsync(OidcDriver.AuthorizeUrl(clientId, Pkce.Create()));
        using var login = await browser.GetAsync(OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["prompt"] = "login" }));
        using var fresh = await browser.GetAsync(OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["max_age"] = "3600" }));
        server.Clock.Offset = TimeSpan.FromMinutes(2);
        HttpResponseMessage stale;
        try
        {
            stale = await browser.GetAsync(OidcDriver.AuthorizeUrl(clientId, Pkce.Create(), new Dictionary<string, string?> { ["max_age"] = "60" }));
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }

        using (stale)
        {
            Assert.StartsWith(OidcDriver.RedirectUri, silent.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Contains("/account/login", login.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.DoesNotContain("prompt%3Dlogin", login.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.StartsWith(OidcDriver.RedirectUri, fresh.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Contains("/account/login", stale.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AskBeforeSigningOutWithoutAnIdTokenHint()
    {
        // A client whose post-logout address it is (OpenIddict refuses addresses no client registered).
        await _oidc.AddPublicClientAsync();
        using var browser = _oidc.Browser();

        using var response = await browser.GetAsync($"/connect/endsession?post_logout_redirect_uri={Uri.EscapeDataString(OidcDriver.PostLogoutRedirectUri)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/logout", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RegisterListAndRemoveClientsThroughTheApi()
    {
        using var api = await server.CreateOperatorClientAsync();
        var clientId = "crm-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await api.PostAsJsonAsync("/api/platform/clients", new
        {
            clientId,
            generateSecret = true,
            redirectUris = new[] { "https://crm.example/callback" },
            grantTypes = new[] { "authorization_code", "client_credentials" },
        });
        using var duplicate = await api.PostAsJsonAsync("/api/platform/clients", new { clientId, redirectUris = new[] { "https://crm.example/callback" } });
        using var invalid = await api.PostAsJsonAsync("/api/platform/clients", new
        {
            clientId = "x",
            secret = "short",
            redirectUris = new[] { "http://crm.example/callback", "https://crm.example/#frag" },
            grantTypes = new[] { "password" },
        });
        var listed = await api.GetFromJsonAsync<List<ClientSummary>>("/api/platform/clients");
        using var removed = await api.DeleteAsync($"/api/platform/clients/{clientId}");
        using var removedAgain = await api.DeleteAsync($"/api/platform/clients/{clientId}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("generatedSecret").GetString()!.Length >= 32);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("clientId", out _));
        Assert.True(errors.TryGetProperty("secret", out _));
        Assert.True(errors.TryGetProperty("redirectUris", out var redirectErrors) && redirectErrors.GetArrayLength() == 2);
        Assert.True(errors.TryGetProperty("grantTypes", out _));
        Assert.Contains(listed!, c => c.ClientId == clientId && !c.IsPublic);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
    }

    [Fact]
    public async Task ManageClientsFromTheCommandLine()
    {
        var clientId = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var output = new StringWriter();
        var error = new StringWriter();

        var added = await ClientsFeature.RunCommandAsync(server.Services,
            ["add", "--client-id", clientId, "--redirect-uri", "https://app.example/a", "--redirect-uri", "https://app.example/b", "--grant", "authorization_code", "--scope", "openid"],
            output, error, CancellationToken.None);
        var refused = await ClientsFeature.RunCommandAsync(server.Services, ["add", "--client-id", "bad id!"], output, error, CancellationToken.None);
        var listed = await ClientsFeature.RunCommandAsync(server.Services, ["list"], output, error, CancellationToken.None);
        var removed = await ClientsFeature.RunCommandAsync(server.Services, ["remove", "--client-id", clientId], output, error, CancellationToken.None);
        var usage = await ClientsFeature.RunCommandAsync(server.Services, ["frobnicate"], output, error, CancellationToken.None);

        Assert.Equal(0, added);
        Assert.Contains($"{clientId}: registered (public, PKCE required)", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, refused);
        Assert.Contains("clientId:", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, listed);
        Assert.Contains("https://app.example/a https://app.example/b", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, removed);
        Assert.Equal(2, usage);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/signup")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task SendSecurityHeaders(string path)
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}

public sealed class AuthorizationOptionsOnSqlite(IsolatedSqliteServerFixture server) : AuthorizationOptionsShould<IsolatedSqliteServerFixture>(server);

public sealed class AuthorizationOptionsOnPostgres(IsolatedPostgresServerFixture server) : AuthorizationOptionsShould<IsolatedPostgresServerFixture>(server);

public sealed class AuthorizationOptionsOnSqlServer(IsolatedSqlServerServerFixture server) : AuthorizationOptionsShould<IsolatedSqlServerServerFixture>(server.Required());
