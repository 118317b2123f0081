using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Crm;
using ContactCenter.Server.SignUp;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>Control characters in any text of any API or page: a field error, nothing stored, on every provider.</summary>
public abstract class ControlCharactersShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Theory]
    [InlineData("Acme\0Ltd")]
    [InlineData("Acme\nLtd")]
    [InlineData("Acme\u001bLtd")]
    [InlineData("Acme\u0085Ltd")]
    public async Task RefuseThemInTheCompanyNameOfASignUp(string companyName)
    {
        var slug = ServerFixture.NewSlug();
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug) with { CompanyName = companyName });

        Assert.Equal(["companyName"], (await TenantApi.FieldErrorsAsync(response)).Keys);
        Assert.False(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Slug == slug)));
    }

    [Fact]
    public async Task RefuseThemInAFormOfAPage()
    {
        var slug = ServerFixture.NewSlug();
        using var browser = _oidc.Browser();
        var (action, fields) = await OidcDriver.ReadFormAsync(browser, "/signup");
        fields["companyName"] = "Acme\0Ltd";
        fields["slug"] = slug;
        fields["adminEmail"] = $"admin@{slug}.example";
        fields["adminPassword"] = OidcDriver.Password;
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await browser.SendAsync(request);

        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, page);
        Assert.Contains("companyName", page, StringComparison.Ordinal);
        Assert.False(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Slug == slug)));
    }

    [Fact]
    public async Task AllowLineBreaksOnlyInMultiLineFields()
    {
        var slug = await server.SignUpAsync();
        var agent = await _oidc.CreatePersonAsync((slug, TenantRole.Agent));
        using var api = await TenantApi.ClientAsync(server, agent);

        using var multiLine = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, "Jane", "Smith", null, null, null, null, "Line one\r\n\tLine two"));
        using var nulInNotes = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, "Jane", "Smith", null, null, null, null, "VIP\0"));
        using var breakInName = await api.PostAsJsonAsync($"/t/{slug}/api/contacts", new ContactInput(null, "Jane\nX", "Smith", null, null, null, null, null));

        Assert.Equal("Line one\r\n\tLine two", (await TenantApi.JsonAsync(multiLine, HttpStatusCode.Created)).GetProperty("notes").GetString());
        Assert.Equal(["notes"], (await TenantApi.FieldErrorsAsync(nulInNotes)).Keys);
        Assert.Equal(["firstName"], (await TenantApi.FieldErrorsAsync(breakInName)).Keys);
    }

    [Fact]
    public async Task RefuseThemInTheQueryAndInNestedFields()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));

        using var query = await api.GetAsync($"/t/{slug}/api/contacts?q=a%00b");
        using var nested = await api.PutAsJsonAsync($"/t/{slug}/api/tenant/settings/account-settings", new { doNotReplyAddresses = new[] { "ok@acme.example", "x\0@acme.example" } });

        Assert.Equal(["q"], (await TenantApi.FieldErrorsAsync(query)).Keys);
        Assert.Equal(["doNotReplyAddresses[1]"], (await TenantApi.FieldErrorsAsync(nested)).Keys);
    }
}

public sealed class ControlCharactersOnSqliteShould(SqliteServerFixture server) : ControlCharactersShould<SqliteServerFixture>(server);

public sealed class ControlCharactersOnPostgresShould(PostgresServerFixture server) : ControlCharactersShould<PostgresServerFixture>(server);
