using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContactCenter.EndToEnd.Tests.Support;

namespace ContactCenter.EndToEnd.Tests.Identity;

/// <summary>
/// Node's openid-client, an independent relying party, against our provider on a real socket: it must accept
/// everything the server returns (discovery, the authorization response, the ID token, userinfo, refresh).
/// </summary>
public abstract class OpenIdClientShould<TFixture>(TFixture server)
    where TFixture : LiveServerFixture
{
    // openid-client never calls the redirect URI: the script's own browser stops at it.
    private const string RedirectUri = "https://rp.example/callback";
    private const string PostLogoutRedirectUri = "https://rp.example/signed-out";

    [Fact]
    public async Task SignInWithTheCodeFlowAndPkceThenReadUserInfoRefreshRevokeAndSignOut()
    {
        var first = await server.SignUpAsync();
        var second = await server.SignUpAsync();
        var person = await server.CreatePersonAsync(first, second);
        var clientId = await server.AddPublicClientAsync(RedirectUri, PostLogoutRedirectUri);

        var result = await NodeRelyingParty.RunAsync("code", server.Issuer, clientId, RedirectUri, PostLogoutRedirectUri, person.Email, person.Password, second);

        Assert.Equal(["/account/login", "/account/tenant"], result.GetProperty("pages").EnumerateArray().Select(p => p.GetString()));
        var idToken = result.GetProperty("idToken");
        Assert.Equal(person.Id.ToString(), idToken.GetProperty("sub").GetString());
        Assert.Equal(server.Issuer, idToken.GetProperty("iss").GetString());
        Assert.Equal(clientId, Audiences(idToken).Single());
        Assert.Equal(second, idToken.GetProperty("tenant").GetString());
        var userInfo = result.GetProperty("userInfo");
        Assert.Equal(person.Id.ToString(), userInfo.GetProperty("sub").GetString());
        Assert.Equal(person.Email, userInfo.GetProperty("email").GetString());
        Assert.Equal("bearer", result.GetProperty("tokenType").GetString(), ignoreCase: true);
        Assert.True(result.GetProperty("expiresIn").GetInt32() > 0);
        var refreshed = result.GetProperty("refreshed");
        Assert.NotEqual(result.GetProperty("accessToken").GetString(), refreshed.GetProperty("accessToken").GetString());
        Assert.NotEqual(result.GetProperty("refreshToken").GetString(), refreshed.GetProperty("refreshToken").GetString());
        if (refreshed.GetProperty("idToken").ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(person.Id.ToString(), refreshed.GetProperty("idToken").GetProperty("sub").GetString());
        }

        Assert.Equal(200, result.GetProperty("apiBeforeRevocation").GetInt32());
        Assert.Equal("invalid_grant", result.GetProperty("afterRevocation").GetString());
        Assert.Equal(401, result.GetProperty("apiAfterRevocation").GetInt32());
        var endSession = result.GetProperty("endSession");
        Assert.True(endSession.GetProperty("status").GetInt32() == 302, endSession.ToString());
        Assert.Equal(PostLogoutRedirectUri, endSession.GetProperty("location").GetString());
        Assert.Equal(endSession.GetProperty("expectedState").GetString(), endSession.GetProperty("state").GetString());
        Assert.Equal("/account/login", result.GetProperty("afterLogout").GetString());
        Assert.Equal("invalid_grant", result.GetProperty("codeReuse").GetString());
    }

    [Fact]
    public async Task PreselectTheTenantWithAcrValues()
    {
        var first = await server.SignUpAsync();
        var second = await server.SignUpAsync();
        var person = await server.CreatePersonAsync(first, second);
        var clientId = await server.AddPublicClientAsync(RedirectUri, PostLogoutRedirectUri);

        var result = await NodeRelyingParty.RunAsync("code", server.Issuer, clientId, RedirectUri, PostLogoutRedirectUri, person.Email, person.Password, first,
            JsonSerializer.Serialize(new Dictionary<string, string> { ["acr_values"] = $"tenant:{first}", ["ui_locales"] = "de" }));

        Assert.Equal(["/account/login"], result.GetProperty("pages").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(first, result.GetProperty("idToken").GetProperty("tenant").GetString());
        Assert.Equal(person.Email, result.GetProperty("userInfo").GetProperty("email").GetString());
    }

    [Fact]
    public async Task GetIntegrationTokensWithClientSecretBasic()
    {
        var tenant = await server.SignUpAsync();
        var (clientId, secret) = await server.AddIntegrationClientAsync(tenant);

        var issued = await NodeRelyingParty.RunAsync("client-credentials", server.Issuer, clientId, secret, "api");
        var refused = await NodeRelyingParty.RunAsync("client-credentials", server.Issuer, clientId, secret + "x", "api");

        Assert.False(issued.TryGetProperty("error", out _), issued.GetRawText());
        Assert.Equal("bearer", issued.GetProperty("tokenType").GetString(), ignoreCase: true);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(issued.GetProperty("accessToken").GetString()!, tenant));
        Assert.Equal("invalid_client", refused.GetProperty("error").GetString());
        Assert.Equal(401, refused.GetProperty("status").GetInt32());
        Assert.Equal("basic", refused.GetProperty("challenge").GetString(), ignoreCase: true);
    }

    private static IEnumerable<string?> Audiences(JsonElement token) =>
        token.GetProperty("aud") is { ValueKind: JsonValueKind.Array } many ? many.EnumerateArray().Select(a => a.GetString()) : [token.GetProperty("aud").GetString()];

    private async Task<HttpStatusCode> ApiStatusAsync(string accessToken, string tenant)
    {
        using var http = server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.GetAsync($"/t/{tenant}/api/categories");
        return response.StatusCode;
    }
}

public sealed class OpenIdClientOnSqliteShould(SqliteLiveServer server) : OpenIdClientShould<SqliteLiveServer>(server);

public sealed class OpenIdClientOnPostgresShould(PostgresLiveServer server) : OpenIdClientShould<PostgresLiveServer>(server);

public sealed class OpenIdClientOnSqlServerShould(SqlServerLiveServer server) : OpenIdClientShould<SqlServerLiveServer>(server.Required());
