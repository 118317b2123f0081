using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>
/// A page's script calls the APIs with the session cookie, which a browser also sends along with another site's
/// request: such a call must carry the antiforgery token. A bearer token is never sent by itself and needs none.
/// </summary>
public abstract class CookieApiAntiforgeryShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task RefuseACookieCallWithoutTheToken()
    {
        var slug = await server.SignUpAsync();
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var browser = await PageBrowser.SignInAsync(server, agent, slug);

        using var created = await browser.PostAsJsonAsync($"/t/{slug}/api/contacts", Contact("Forged"));
        using var deleted = await browser.DeleteAsync($"/t/{slug}/api/contacts/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal("application/problem+json", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, deleted.StatusCode);
        Assert.Equal(0, (await TenantApi.JsonAsync(await browser.GetAsync($"/t/{slug}/api/contacts?q=Forged"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AcceptACookieCallWithThePagesToken()
    {
        var slug = await server.SignUpAsync();
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var browser = await PageBrowser.SignInAsync(server, agent, slug);
        var page = await browser.GetStringAsync($"/t/{slug}/contacts/edit");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{slug}/api/contacts") { Content = JsonContent.Create(Contact("Welcome")) };
        request.Headers.Add("RequestVerificationToken", PageBrowser.AntiForgery(page));

        using var created = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task LeaveBearerCallsAlone()
    {
        var slug = await server.SignUpAsync();
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var api = await TenantApi.ClientAsync(server, agent);

        using var created = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", Contact("Bearer"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static ContactInput Contact(string lastName) => new(null, "Jane", lastName, null, null, null, null, null);
}

public sealed class CookieApiAntiforgeryOnSqliteShould(SqliteServerFixture server) : CookieApiAntiforgeryShould<SqliteServerFixture>(server);

public sealed class CookieApiAntiforgeryOnPostgresShould(PostgresServerFixture server) : CookieApiAntiforgeryShould<PostgresServerFixture>(server);
