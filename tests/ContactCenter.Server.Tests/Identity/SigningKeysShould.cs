using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>Signing keys: stored protected, rotated with overlap so tokens stay valid across a rotation.</summary>
// A server of its own (Isolated…ServerFixture): this class moves the server's clock through key rotations.
public abstract class SigningKeysShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task KeepThePrivateKeyProtectedInTheCatalog()
    {
        var keys = server.Services.GetRequiredService<SigningKeyStore>();
        var credentials = await keys.GetSigningCredentialsAsync(CancellationToken.None);

        var stored = await server.CatalogAsync(c => c.SigningKeys.SingleAsync(k => k.KeyId == credentials.Key.KeyId));

        var privateKey = Convert.ToBase64String(((RsaSecurityKey)credentials.Key).Rsa.ExportPkcs8PrivateKey());
        Assert.StartsWith("CfDJ8", stored.ProtectedKey, StringComparison.Ordinal);
        Assert.DoesNotContain(privateKey[..40], stored.ProtectedKey, StringComparison.Ordinal);
        Assert.DoesNotContain(privateKey[^40..], stored.ProtectedKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateWithOverlapSoEarlierTokensStayValid()
    {
        var tenant = await server.SignUpAsync();
        var (clientId, secret) = await new OidcDriver(server).AddConfidentialClientAsync(tenant);
        var keys = server.Services.GetRequiredService<SigningKeyStore>();
        var oidc = new OidcDriver(server);
        var before = await TokenAsync(oidc, clientId, secret);
        var firstKid = KeyIdOf(before);

        try
        {
            // Shortly before the key's lifetime ends, the successor is published but does not sign yet.
            server.Clock.Offset = TimeSpan.FromDays(89);
            keys.Refresh();
            var published = await JwksKeyIdsAsync();
            Assert.Contains(firstKid, published);
            Assert.True(published.Count >= 2, "The next key is published before it signs.");
            Assert.Equal(firstKid, KeyIdOf(await TokenAsync(oidc, clientId, secret)));

            // After the lifetime the successor signs; the old key is still published for the overlap.
            server.Clock.Offset = TimeSpan.FromDays(90) + TimeSpan.FromHours(1);
            keys.Refresh();
            var after = await TokenAsync(oidc, clientId, secret);
            Assert.NotEqual(firstKid, KeyIdOf(after));
            Assert.Contains(firstKid, await JwksKeyIdsAsync());
            using var api = oidc.ApiClient(after);
            using var call = await api.GetAsync($"/t/{tenant}/api/categories");
            Assert.Equal(System.Net.HttpStatusCode.OK, call.StatusCode);

            // After the overlap the old key is gone.
            server.Clock.Offset = TimeSpan.FromDays(93);
            keys.Refresh();
            Assert.DoesNotContain(firstKid, await JwksKeyIdsAsync());
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
            keys.Refresh();
        }
    }

    private static async Task<string> TokenAsync(OidcDriver oidc, string clientId, string secret)
    {
        using var response = await oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, (clientId, secret));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static string KeyIdOf(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[0])).RootElement.GetProperty("kid").GetString()!;

    private async Task<List<string>> JwksKeyIdsAsync()
    {
        using var client = server.CreateClient();
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks");
        return jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }
}

public sealed class SigningKeysOnSqlite(IsolatedSqliteServerFixture server) : SigningKeysShould<IsolatedSqliteServerFixture>(server);

public sealed class SigningKeysOnPostgres(IsolatedPostgresServerFixture server) : SigningKeysShould<IsolatedPostgresServerFixture>(server);

public sealed class SigningKeysOnSqlServer(IsolatedSqlServerServerFixture server) : SigningKeysShould<IsolatedSqlServerServerFixture>(server.Required());
