using System.Net.Http.Headers;

namespace ContactCenter.Server.Tests.Support;

/// <summary>API clients carrying the access token of a person for one tenant, obtained through the real code flow.</summary>
public sealed class TenantTokens(ServerFixture server)
{
    private readonly OidcDriver _oidc = new(server);
    private string? _clientId;

    /// <summary>A client for <c>/t/&lt;slug&gt;/…</c> as the given person, signed in for that tenant.</summary>
    public async Task<HttpClient> ClientForAsync(TestPerson person, string slug)
    {
        _clientId ??= await _oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = _oidc.Browser();
        var redirect = await OidcDriver.AuthorizeAsync(browser,
            OidcDriver.AuthorizeUrl(_clientId, pkce, new Dictionary<string, string?> { ["acr_values"] = $"tenant:{slug}" }), person);
        var token = (await _oidc.ExchangeCodeAsync(_clientId, redirect["code"], pkce)).GetProperty("access_token").GetString()!;
        var client = server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://localhost/t/{slug}/"),
            AllowAutoRedirect = false,
        });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The administrator the sign-up created.</summary>
    public Task<HttpClient> AdministratorAsync(string slug) =>
        ClientForAsync(new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password), slug);

    public OidcDriver Oidc => _oidc;
}
