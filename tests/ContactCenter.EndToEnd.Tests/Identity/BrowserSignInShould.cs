using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactCenter.EndToEnd.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Identity;

/// <summary>
/// A person with three tenants in a real browser: signs in through the form, chooses a tenant, switches to
/// another without the password, chooses all tenants, and is refused "all" once one tenant disallows it.
/// </summary>
public abstract class BrowserSignInShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    [Fact]
    public async Task LetAPersonChooseAndSwitchTenantsWithoutSigningInAgain()
    {
        string[] tenants = [await server.SignUpAsync(), await server.SignUpAsync(), await server.SignUpAsync()];
        var person = await server.CreatePersonAsync(tenants);
        await using var app = await AppListener.StartAsync();
        var redirectUri = app.Uri("/signed-in");
        var clientId = await server.AddPublicClientAsync(redirectUri);
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await NewPageAsync(context);
        var violations = CollectPolicyViolations(page);

        // Sign in with the form, then the tenant choice offers the three tenants and "all my tenants".
        var flow = new CodeFlow(server, clientId, redirectUri);
        await page.GotoAsync(flow.AuthorizeUrl());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await page.GetByLabel("Email").FillAsync(person.Email);
        await page.GetByLabel("Password").FillAsync(person.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/tenant");
        var offered = await OfferedAsync(page);
        Assert.Equal(tenants.Order(StringComparer.Ordinal), offered.SkipLast(1).Order(StringComparer.Ordinal));
        Assert.Equal("*", offered[^1]);

        await page.Locator($"button[data-tenant='{tenants[0]}']").ClickAsync();
        var first = await flow.LandAsync(page);
        Assert.Equal(tenants[0], first.GetClaim("tenant").Value);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(flow.AccessToken!, tenants[0]));
        Assert.Equal(HttpStatusCode.Forbidden, await ApiStatusAsync(flow.AccessToken!, tenants[1]));

        // Switch to the second tenant: the choice page again, no password asked.
        await page.GotoAsync(SwitchUrl(flow.AuthorizeUrl()));
        Assert.Equal("/account/tenant", new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.Locator("input[type=password]").CountAsync());
        await page.Locator($"button[data-tenant='{tenants[1]}']").ClickAsync();
        var second = await flow.LandAsync(page);
        Assert.Equal(tenants[1], second.GetClaim("tenant").Value);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(flow.AccessToken!, tenants[1]));

        // All my tenants.
        await page.GotoAsync(SwitchUrl(flow.AuthorizeUrl()));
        await page.GetByRole(AriaRole.Button, new() { Name = "All my tenants" }).ClickAsync();
        var all = await flow.LandAsync(page);
        Assert.Equal(tenants.Order(StringComparer.Ordinal), all.Claims.Where(c => c.Type == "tenants").Select(c => c.Value).Order(StringComparer.Ordinal));
        Assert.False(all.TryGetClaim("tenant", out _), "A token for all tenants names no single tenant.");
        foreach (var tenant in tenants)
        {
            Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(flow.AccessToken!, tenant));
        }

        // One tenant disallows it: the next authorization asks again, and "all" is neither offered nor accepted.
        await server.AllowSignInForAllTenantsAsync(tenants[2], false);
        await page.GotoAsync(flow.AuthorizeUrl());
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/tenant");
        Assert.Equal(tenants.Order(StringComparer.Ordinal), (await OfferedAsync(page)).Order(StringComparer.Ordinal));
        await page.Locator("main form").EvaluateAsync("form => form.querySelector('ul').insertAdjacentHTML('beforeend', '<li><button type=\"submit\" name=\"tenant\" value=\"*\" id=\"forged\">all</button></li>')");
        var refusal = await page.RunAndWaitForResponseAsync(() => page.Locator("#forged").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal((int)HttpStatusCode.BadRequest, refusal.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not allowed");
        await page.Locator($"button[data-tenant='{tenants[2]}']").ClickAsync();
        Assert.Equal(tenants[2], (await flow.LandAsync(page)).GetClaim("tenant").Value);
        Assert.Empty(violations);
    }

    [Fact]
    public async Task SignInWithTheGermanFormAndPostTheCodeBackWithFormPost()
    {
        var tenant = await server.SignUpAsync();
        var person = await server.CreatePersonAsync(tenant);
        await using var app = await AppListener.StartAsync();
        var redirectUri = app.Uri("/form-post");
        var clientId = await server.AddPublicClientAsync(redirectUri);
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await NewPageAsync(context);
        var violations = CollectPolicyViolations(page);
        var flow = new CodeFlow(server, clientId, redirectUri);

        await page.GotoAsync(flow.AuthorizeUrl(new Dictionary<string, string?> { ["ui_locales"] = "de", ["response_mode"] = "form_post" }));
        Assert.Equal("de", await page.Locator("html").GetAttributeAsync("lang"));
        await page.GetByLabel("E-Mail", new() { Exact = true }).FillAsync(person.Email);
        await page.GetByLabel("Passwort", new() { Exact = true }).FillAsync(person.Password);
        // One tenant: no choice to make. The provider answers with a self-submitting form whose script its CSP
        // allows by nonce; only a real browser shows that the script runs and the form is posted.
        var posted = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync(),
            request => request.Method == "POST" && request.Url == redirectUri);

        var idToken = await flow.RedeemAsync(QueryHelpers.ParseQuery(posted.PostData));
        Assert.Equal(person.Id.ToString(), idToken.Subject);
        Assert.Equal(tenant, idToken.GetClaim("tenant").Value);
        Assert.Empty(violations);
    }

    [Fact]
    public async Task KeepTheSessionForPromptNoneUntilTheAppSignsOut()
    {
        var tenant = await server.SignUpAsync();
        var person = await server.CreatePersonAsync(tenant);
        await using var app = await AppListener.StartAsync();
        var redirectUri = app.Uri("/silent");
        var signedOutUri = app.Uri("/signed-out");
        var clientId = await server.AddPublicClientAsync(redirectUri, signedOutUri);
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await NewPageAsync(context);
        var flow = new CodeFlow(server, clientId, redirectUri);
        var silently = new Dictionary<string, string?> { ["prompt"] = "none" };

        // Not signed in: prompt=none answers login_required at the app, without showing a page.
        await page.GotoAsync(flow.AuthorizeUrl(silently));
        await ArriveAsync(page, redirectUri);
        Assert.Equal("login_required", QueryHelpers.ParseQuery(new Uri(page.Url).Query)["error"].ToString());

        await page.GotoAsync(flow.AuthorizeUrl());
        await page.GetByLabel("Email").FillAsync(person.Email);
        await page.GetByLabel("Password").FillAsync(person.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var signedIn = await flow.LandAsync(page);

        // Signed in: prompt=none returns a code straight away.
        await page.GotoAsync(flow.AuthorizeUrl(silently));
        Assert.Equal(person.Id.ToString(), (await flow.LandAsync(page)).Subject);

        // RP-initiated logout ends the session; prompt=none answers login_required again.
        await page.GotoAsync(QueryHelpers.AddQueryString(new Uri(server.Address, "/connect/endsession").ToString(), new Dictionary<string, string?>
        {
            ["id_token_hint"] = signedIn.EncodedToken,
            ["post_logout_redirect_uri"] = signedOutUri,
            ["state"] = "bye",
        }));
        await ArriveAsync(page, signedOutUri);
        Assert.Equal("bye", QueryHelpers.ParseQuery(new Uri(page.Url).Query)["state"].ToString());
        await page.GotoAsync(flow.AuthorizeUrl(silently));
        await ArriveAsync(page, redirectUri);
        Assert.Equal("login_required", QueryHelpers.ParseQuery(new Uri(page.Url).Query)["error"].ToString());
    }

    private static async Task<IPage> NewPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        // Generous: the whole solution's tests run at once on two cores.
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>
    /// Waits until the browser is at <paramref name="uri"/>; says where it is instead when it does not get there. The tests
    /// read only the address (the app's page is a static stub), so arriving means the navigation committed: waiting for
    /// the page's load event as well timed out now and then on a busy machine with the browser already there.
    /// </summary>
    private static async Task ArriveAsync(IPage page, string uri)
    {
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(uri, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The browser did not arrive at {uri}; it is at {page.Url}: {await page.ContentAsync()}", e);
        }
    }

    /// <summary>Content Security Policy violations Chromium reports on the console: a page the policy breaks.</summary>
    private static List<string> CollectPolicyViolations(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        return violations;
    }

    private static async Task<string[]> OfferedAsync(IPage page) =>
        await page.Locator("button[name=tenant]").EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.value)");

    /// <summary>The tenant choice of a signed-in person, returning to the app's authorization request afterwards.</summary>
    private string SwitchUrl(string authorizeUrl) =>
        new Uri(server.Address, QueryHelpers.AddQueryString("/account/tenant", "returnUrl", new Uri(authorizeUrl).PathAndQuery)).ToString();

    private async Task<HttpStatusCode> ApiStatusAsync(string accessToken, string tenant)
    {
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.GetAsync($"/t/{tenant}/api/categories");
        return response.StatusCode;
    }

    /// <summary>The app's side of the code flow: builds the request with PKCE, and redeems the code the browser lands with.</summary>
    private sealed class CodeFlow(LiveServerFixture server, string clientId, string redirectUri)
    {
        private string _verifier = "";
        private string _state = "";

        public string? AccessToken { get; private set; }

        public string AuthorizeUrl(IDictionary<string, string?>? extra = null)
        {
            _verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            _state = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
            return QueryHelpers.AddQueryString(new Uri(server.Address, "/connect/authorize").ToString(), new Dictionary<string, string?>
            {
                ["client_id"] = clientId,
                ["redirect_uri"] = redirectUri,
                ["response_type"] = "code",
                ["scope"] = "openid profile email api",
                ["state"] = _state,
                ["nonce"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
                ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(_verifier))),
                ["code_challenge_method"] = "S256",
            }.Concat(extra ?? new Dictionary<string, string?>()));
        }

        /// <summary>Waits until the browser arrives at the redirect URI, redeems the code and returns the ID token.</summary>
        public async Task<JsonWebToken> LandAsync(IPage page)
        {
            await ArriveAsync(page, redirectUri);
            return await RedeemAsync(QueryHelpers.ParseQuery(new Uri(page.Url).Query));
        }

        /// <summary>Checks the authorization response (state, RFC 9207 iss), redeems its code and returns the ID token.</summary>
        public async Task<JsonWebToken> RedeemAsync(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query)
        {
            Assert.Equal(_state, query["state"].ToString());
            Assert.Equal(server.Issuer, query["iss"].ToString());
            using var http = server.Http();
            using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = clientId,
                ["code"] = query["code"].ToString(),
                ["redirect_uri"] = redirectUri,
                ["code_verifier"] = _verifier,
            }));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
            AccessToken = tokens.GetProperty("access_token").GetString();
            return new JsonWebToken(tokens.GetProperty("id_token").GetString());
        }
    }
}

public sealed class BrowserSignInOnSqliteShould(SqliteLiveServer server) : BrowserSignInShould<SqliteLiveServer>(server);

public sealed class BrowserSignInOnPostgresShould(PostgresLiveServer server) : BrowserSignInShould<PostgresLiveServer>(server);

public sealed class BrowserSignInOnSqlServerShould(SqlServerLiveServer server) : BrowserSignInShould<SqlServerLiveServer>(server.Required());
