using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Crm;

/// <summary>The contacts page and the contacts API answer in German when the request asks for it; a problem's type stays the same in every language.</summary>
public abstract class ContactsInGermanShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task ShowTheContactsPageInGerman()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        await server.TenantAsync(tenantId, async db =>
        {
            db.Contacts.AddRange(Enumerable.Range(0, 3).Select(i => new Contact { LastName = $"Meier {i}" }));
            return await db.SaveChangesAsync();
        });
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        browser.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("de"));

        var page = await PageBrowser.GetDocumentAsync(browser, $"/t/{slug}/contacts?q=meier");

        Assert.StartsWith("Kontakte", page.Title, StringComparison.Ordinal);
        Assert.Equal("Kontakte", page.QuerySelector("h1")?.TextContent);
        Assert.Contains(page.QuerySelectorAll("label"), label => label.TextContent == "Nach Name, E-Mail-Adresse oder Firma suchen");
        Assert.Contains(page.QuerySelectorAll("th"), header => header.TextContent == "Telefon");
        Assert.Contains("3 Kontakte gefunden", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("contacts found", page.Body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseAnInvalidContactInGermanWithTheSameProblemType()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));
        var nameless = new ContactInput("Herr", "Hans", " ", null, null, null, null, null);

        var english = await RefuseAsync(api, slug, nameless, "en");
        var german = await RefuseAsync(api, slug, nameless, "de");

        Assert.Equal("Enter a last name or an e-mail address.", english.GetProperty("errors").GetProperty("lastName")[0].GetString());
        Assert.Equal("Geben Sie einen Nachnamen oder eine E-Mail-Adresse ein.", german.GetProperty("errors").GetProperty("lastName")[0].GetString());
        Assert.Equal("One or more validation errors occurred.", english.GetProperty("title").GetString());
        Assert.Equal("Mindestens eine Eingabe ist ungültig.", german.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(english.GetProperty("type").GetString()));
        Assert.Equal(english.GetProperty("type").GetString(), german.GetProperty("type").GetString());
    }

    private static async Task<JsonElement> RefuseAsync(HttpClient api, string slug, ContactInput input, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{slug}/api/contacts") { Content = JsonContent.Create(input) };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var response = await api.SendAsync(request);
        return await TenantApi.JsonAsync(response, HttpStatusCode.BadRequest);
    }
}

public sealed class ContactsInGermanOnSqliteShould(SqliteServerFixture server) : ContactsInGermanShould<SqliteServerFixture>(server);

public sealed class ContactsInGermanOnPostgresShould(PostgresServerFixture server) : ContactsInGermanShould<PostgresServerFixture>(server);

public sealed class ContactsInGermanOnSqlServerShould(SqlServerServerFixture server) : ContactsInGermanShould<SqlServerServerFixture>(server.Required());
