using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Tests.Support;

/// <summary>A person the tests sign in as.</summary>
public sealed record TestPerson(Guid Id, string Email, string Password);

/// <summary>PKCE verifier and its S256 challenge (RFC 7636).</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>Plays browser and client against the server's OpenID Connect provider, following redirects by hand.</summary>
public sealed partial class OidcDriver(ServerFixture server)
{
    public const string RedirectUri = "https://app.example/callback";
    public const string PostLogoutRedirectUri = "https://app.example/signed-out";
    public const string Password = "Correct-Horse-9";

    public async Task<string> AddPublicClientAsync(params string[] grants)
    {
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];
        await WithRegistryAsync(r => r.AddAsync(new NewClient(clientId, null, false, [RedirectUri], [PostLogoutRedirectUri],
            grants.Length > 0 ? grants : ["authorization_code", "refresh_token"], null, null, "Test app", FirstParty: true), CancellationToken.None));
        return clientId;
    }

    /// <summary>A public client registered for some scopes only.</summary>
    public async Task<string> AddPublicClientForScopesAsync(params string[] scopes)
    {
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];
        await WithRegistryAsync(r => r.AddAsync(new NewClient(clientId, null, false, [RedirectUri], [PostLogoutRedirectUri],
            ["authorization_code", "refresh_token"], scopes, null, "Test app", FirstParty: true), CancellationToken.None));
        return clientId;
    }

    /// <summary>A confidential client with a client id of the caller's choosing.</summary>
    public async Task<string> AddConfidentialClientNamedAsync(string clientId, string? tenant, params string[] grants)
    {
        var registered = await WithRegistryAsync(r => r.AddAsync(new NewClient(clientId, null, true, [RedirectUri], [PostLogoutRedirectUri],
            grants, null, tenant, null), CancellationToken.None));
        return registered.GeneratedSecret!;
    }

    public async Task<(string ClientId, string Secret)> AddConfidentialClientAsync(string? tenant = null, params string[] grants)
    {
        var clientId = "svc-" + Guid.NewGuid().ToString("N")[..10];
        var registered = await WithRegistryAsync(r => r.AddAsync(new NewClient(clientId, null, true, [RedirectUri], [PostLogoutRedirectUri],
            grants.Length > 0 ? grants : ["authorization_code", "refresh_token", "client_credentials"], null, tenant, null, FirstParty: true), CancellationToken.None));
        return (clientId, registered.GeneratedSecret!);
    }

    /// <summary>A person with memberships in the given tenants.</summary>
    public Task<TestPerson> CreatePersonAsync(params (string Slug, TenantRole Role)[] memberships) =>
        CreatePersonAsync($"p{Guid.NewGuid():N}"[..12] + "@people.example", memberships);

    public async Task<TestPerson> CreatePersonAsync(string email, params (string Slug, TenantRole Role)[] memberships)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var user = new PlatformUser { Id = Guid.CreateVersion7(), UserName = email, Email = email };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        foreach (var (slug, role) in memberships)
        {
            var tenantId = await catalog.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
            catalog.TenantMemberships.Add(new TenantMembership { TenantId = tenantId, UserId = user.Id, Role = role });
        }

        await catalog.SaveChangesAsync();
        return new TestPerson(user.Id, email, Password);
    }

    public HttpClient Browser() => server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static string AuthorizeUrl(string clientId, Pkce? pkce, IDictionary<string, string?>? extra = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile email offline_access api",
            ["state"] = "state-" + Guid.NewGuid().ToString("N")[..8],
            ["nonce"] = "nonce-" + Guid.NewGuid().ToString("N")[..8],
            ["code_challenge"] = pkce?.Challenge,
            ["code_challenge_method"] = pkce is null ? null : "S256",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            parameters[name] = value;
        }

        return QueryHelpers.AddQueryString("/connect/authorize", parameters.Where(p => p.Value is not null).ToDictionary());
    }

    /// <summary>
    /// Goes from the authorization request to the client's redirect URI: signs in when asked, chooses
    /// <paramref name="tenant"/> when asked. Returns the redirect's query parameters.
    /// </summary>
    public static async Task<Dictionary<string, string>> AuthorizeAsync(HttpClient browser, string url, TestPerson? person, string? tenant = null)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            using var response = await browser.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var location = response.Headers.Location!.OriginalString;
            if (location.StartsWith(RedirectUri, StringComparison.Ordinal))
            {
                return QueryHelpers.ParseQuery(new Uri(location).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
            }

            var path = location.Split('?')[0];
            if (path.EndsWith("/account/login", StringComparison.Ordinal))
            {
                Assert.NotNull(person);
                using var signedIn = await SignInAsync(browser, location, person.Email, person.Password);
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
                url = signedIn.Headers.Location!.OriginalString;
            }
            else if (path.EndsWith("/account/consent", StringComparison.Ordinal))
            {
                // The person is asked: the caller decides (ConsentAsync) and goes on from there.
                return new Dictionary<string, string> { [ConsentPage] = location };
            }
            else if (path.EndsWith("/account/tenant", StringComparison.Ordinal))
            {
                Assert.NotNull(tenant);
                using var chosen = await ChooseTenantAsync(browser, location, tenant);
                Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
                url = chosen.Headers.Location!.OriginalString;
            }
            else
            {
                url = location;
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>The key <see cref="AuthorizeAsync"/> answers with when the consent page asks the person.</summary>
    public const string ConsentPage = "consent_page";

    /// <summary>Allows or denies on the consent page; returns where it leads (back to the authorization request).</summary>
    public static async Task<string> ConsentAsync(HttpClient browser, string consentUrl, bool allow)
    {
        var (action, fields) = await ReadFormAsync(browser, consentUrl);
        fields["decision"] = allow ? "allow" : "deny";
        using var response = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>A public client that is not one of ours: people are asked for their consent.</summary>
    public async Task<string> AddThirdPartyClientAsync()
    {
        var clientId = "ext-" + Guid.NewGuid().ToString("N")[..10];
        await WithRegistryAsync(r => r.AddAsync(new NewClient(clientId, null, false, [RedirectUri], [PostLogoutRedirectUri],
            ["authorization_code", "refresh_token"], null, null, "Partner app"), CancellationToken.None));
        return clientId;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string loginUrl, string email, string password)
    {
        var (action, fields) = await ReadFormAsync(browser, loginUrl);
        fields["email"] = email;
        fields["password"] = password;
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<HttpResponseMessage> ChooseTenantAsync(HttpClient browser, string choiceUrl, string tenant)
    {
        var (action, fields) = await ReadFormAsync(browser, choiceUrl);
        fields["tenant"] = tenant;
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The page's form: where it posts and its hidden fields (anti-forgery token included).</summary>
    public static async Task<(string Action, Dictionary<string, string> Fields)> ReadFormAsync(HttpClient browser, string url)
    {
        using var page = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = PageBrowser.Parse(await page.Content.ReadAsStringAsync());
        var fields = document.QuerySelectorAll("input[type=hidden][name]")
            .ToDictionary(input => input.GetAttribute("name")!, input => input.GetAttribute("value") ?? "");
        Assert.True(fields.ContainsKey("__RequestVerificationToken"), "The form carries an anti-forgery token.");
        return (url, fields);
    }

    public async Task<HttpResponseMessage> TokenRequestAsync(IDictionary<string, string> form, (string Id, string Secret)? basic = null)
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        if (basic is { } credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}")));
        }

        return await client.SendAsync(request);
    }

    public async Task<JsonElement> ExchangeCodeAsync(string clientId, string code, Pkce pkce)
    {
        using var response = await TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code, ["redirect_uri"] = RedirectUri, ["code_verifier"] = pkce.Verifier,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The whole code flow with PKCE in a browser of its own: the tokens the client gets.</summary>
    public async Task<JsonElement> CodeFlowTokensAsync(TestPerson person, string clientId)
    {
        var pkce = Pkce.Create();
        using var browser = Browser();
        var code = (await AuthorizeAsync(browser, AuthorizeUrl(clientId, pkce), person))["code"];
        return await ExchangeCodeAsync(clientId, code, pkce);
    }

    public Task<HttpResponseMessage> RefreshAsync(string clientId, string refreshToken) =>
        TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken });

    public static async Task<JsonElement> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Validates a token with the published JWKS, as a relying party would.</summary>
    public async Task<JsonWebToken> ValidateAsync(string token, string audience)
    {
        using var client = server.CreateClient();
        var jwks = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    public HttpClient ApiClient(string accessToken)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private async Task<T> WithRegistryAsync<T>(Func<ClientRegistry, Task<T>> work)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ClientRegistry>());
    }
}
