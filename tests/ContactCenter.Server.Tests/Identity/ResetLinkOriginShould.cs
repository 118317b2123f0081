using System.Net;
using System.Text.RegularExpressions;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>
/// A password-reset link names the public origin (here <c>http://localhost</c>, from <c>Identity:Issuer</c>), whatever
/// Host header the request that asked for it carried: else a forged Host would mail the owner a link to the forger.
/// </summary>
public abstract partial class ResetLinkOriginShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task NameThePublicOriginWhateverTheHostHeaderSays()
    {
        var tenant = await server.SignUpAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var person = await _oidc.CreatePersonAsync(DevMailServices.Address(tag), (tenant, TenantRole.Agent));
        using var browser = _oidc.Browser();
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, "/account/forgot");
        fields["email"] = person.Email;
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Host = "attacker.example";

        using var requested = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        var link = new Uri(ResetLink().Match((await DevMailServices.WaitForMailAsync(tag)).TextBody!).Value);
        Assert.Equal("http://localhost", link.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/account/reset", link.AbsolutePath);
    }

    [GeneratedRegex(@"https?://\S+/account/reset\?\S+")]
    private static partial Regex ResetLink();
}

public sealed class ResetLinkOriginOnSqliteShould(SqliteServerFixture server) : ResetLinkOriginShould<SqliteServerFixture>(server);

public sealed class ResetLinkOriginOnPostgresShould(PostgresServerFixture server) : ResetLinkOriginShould<PostgresServerFixture>(server);
