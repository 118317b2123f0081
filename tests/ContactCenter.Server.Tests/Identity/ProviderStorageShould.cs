using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>
/// What the provider keeps on OpenIddict's EF Core stores in the catalog: a row per token of a person's sign-in but
/// none per client-credentials token, client secrets as salted HMACs, and introspection for confidential clients only.
/// </summary>
public abstract class ProviderStorageShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task StoreNoTokenRowForAClientsOwnTokenButEveryTokenOfASignIn()
    {
        var tenant = await server.SignUpAsync();
        var (serviceId, secret) = await _oidc.AddConfidentialClientAsync(tenant, "client_credentials");
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var appId = await _oidc.AddPublicClientAsync();

        for (var i = 0; i < 3; i++)
        {
            using var issued = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" }, (serviceId, secret));
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        }

        var tokens = await _oidc.CodeFlowTokensAsync(person, appId);

        Assert.Equal(0, await server.CatalogAsync(c => c.OidcTokens.CountAsync(t => t.Application!.ClientId == serviceId)));
        var stored = await server.CatalogAsync(c => c.OidcTokens.Where(t => t.Application!.ClientId == appId).Select(t => t.Type).ToListAsync());
        Assert.Contains("urn:ietf:params:oauth:token-type:access_token", stored);
        Assert.Contains("urn:ietf:params:oauth:token-type:refresh_token", stored);
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task EndEveryTokenOfARemovedClientWithA401()
    {
        var tenant = await server.SignUpAsync();
        var person = await _oidc.CreatePersonAsync((tenant, TenantRole.Agent));
        var appId = await _oidc.AddPublicClientAsync();
        var tokens = await _oidc.CodeFlowTokensAsync(person, appId);
        using var api = _oidc.ApiClient(tokens.GetProperty("access_token").GetString()!);
        using var before = await api.GetAsync($"/t/{tenant}/api/categories");

        await using (var scope = server.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContactCenter.Server.Identity.ClientRegistry>().RemoveAsync(appId, CancellationToken.None));
        }

        using var after = await api.GetAsync($"/t/{tenant}/api/categories");
        using var refresh = await _oidc.RefreshAsync(appId, tokens.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal("invalid_client", (await OidcDriver.ErrorOf(refresh)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task KeepClientSecretsAsSaltedHmacsThatOnlyTheRightSecretPasses()
    {
        var (clientId, secret) = await _oidc.AddConfidentialClientAsync(null, "client_credentials");

        var stored = await server.CatalogAsync(c => c.OidcApplications.Where(a => a.ClientId == clientId).Select(a => a.ClientSecret).SingleAsync());
        using var right = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, (clientId, secret));
        using var wrong = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, (clientId, secret[..^1] + "x"));

        var parts = stored!.Split('.');
        Assert.Equal(2, parts.Length);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.Equal(HMACSHA256.HashData(Convert.FromBase64String(parts[0]), Encoding.UTF8.GetBytes(secret)), Convert.FromBase64String(parts[1]));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task IntrospectTokensForConfidentialClientsOnly()
    {
        var tenant = await server.SignUpAsync();
        var (serviceId, secret) = await _oidc.AddConfidentialClientAsync(tenant, "client_credentials");
        var publicId = await _oidc.AddPublicClientAsync();
        using var issued = await _oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" }, (serviceId, secret));
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        using var client = server.CreateClient();

        using var byService = new HttpRequestMessage(HttpMethod.Post, "/connect/introspect") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }) };
        byService.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{serviceId}:{secret}")));
        using var introspected = await client.SendAsync(byService);
        using var byPublic = await client.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["client_id"] = publicId }));

        var answer = await introspected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, introspected.StatusCode);
        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.Equal(serviceId, answer.GetProperty("sub").GetString());
        Assert.False(byPublic.IsSuccessStatusCode);
        Assert.Contains("error", await byPublic.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepTheEncryptionKeysOfCodesAndRefreshTokensProtectedInTheCatalog()
    {
        await _oidc.AddPublicClientAsync();
        using var client = server.CreateClient();
        using var discovery = await client.GetAsync("/.well-known/openid-configuration");

        var keys = await server.CatalogAsync(c => c.SigningKeys.Where(k => k.RetiresAt > DateTime.UtcNow).ToListAsync());
        Assert.Contains(keys, k => k.Algorithm == "RS256");
        Assert.Contains(keys, k => k.Algorithm == "A256KW");
        Assert.All(keys, k => Assert.StartsWith("CfDJ8", k.ProtectedKey, StringComparison.Ordinal));
    }
}

public sealed class ProviderStorageOnSqlite(SqliteServerFixture server) : ProviderStorageShould<SqliteServerFixture>(server);

public sealed class ProviderStorageOnPostgres(PostgresServerFixture server) : ProviderStorageShould<PostgresServerFixture>(server);

public sealed class ProviderStorageOnSqlServer(SqlServerServerFixture server) : ProviderStorageShould<SqlServerServerFixture>(server.Required());
