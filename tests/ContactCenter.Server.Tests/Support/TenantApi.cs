using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Support;

/// <summary>API clients carrying the access token of a person signed in for one tenant.</summary>
internal static class TenantApi
{
    public static TestPerson Administrator(string slug) => new(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password);

    public static async Task<HttpClient> ClientAsync(ServerFixture server, TestPerson person, string? tenant = null)
    {
        var oidc = new OidcDriver(server);
        var clientId = await oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = oidc.Browser();
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person, tenant))["code"];
        var token = (await oidc.ExchangeCodeAsync(clientId, code, pkce)).GetProperty("access_token").GetString()!;
        return oidc.ApiClient(token);
    }

    /// <summary>The id of what the (successful) response created or names.</summary>
    public static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="url"/>, checks it was created and returns its id.</summary>
    public static async Task<Guid> CreateAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    public static Task<Guid> TenantIdAsync(ServerFixture server, string slug) =>
        server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    /// <summary>The per-field errors of a validation problem, after checking the status is 400.</summary>
    public static async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
