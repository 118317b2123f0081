using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Categories;

/// <summary>The category page and the category API speak German for <c>Accept-Language: de</c> and English without it; a problem's <c>type</c> stays the same.</summary>
public abstract class CategoriesInGermanShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ShowTheCategoryPageInGermanOrEnglish()
    {
        var slug = await server.SignUpAsync();
        using var browser = await SignedInBrowserAsync($"admin@{slug}.example", slug);
        var list = $"/t/{slug}/admin/categories";

        var german = await GetAsync(browser, list, "de");
        var english = await GetAsync(browser, list, null);

        Assert.Equal("Kategorien", PageBrowser.Parse(german).QuerySelector("h1")?.TextContent);
        Assert.Contains("Zuständige Agentengruppe", german, StringComparison.Ordinal);
        Assert.Equal("Categories", PageBrowser.Parse(english).QuerySelector("h1")?.TextContent);
        Assert.Contains("Owning agent group", english, StringComparison.Ordinal);

        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PageBrowser.AntiForgery(english),
            ["Name"] = " ",
        };
        using var refused = new HttpRequestMessage(HttpMethod.Post, list) { Content = new FormUrlEncodedContent(form) };
        refused.Headers.AcceptLanguage.ParseAdd("de");
        using var refusedAnswer = await browser.SendAsync(refused);
        var refusedHtml = await refusedAnswer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refusedAnswer.StatusCode);
        Assert.Equal("Geben Sie einen Namen mit 1 bis 200 Zeichen ein.", PageBrowser.ErrorText(PageBrowser.Parse(refusedHtml), "name"));
    }

    [Fact]
    public async Task AnswerAValidationProblemInGermanOrEnglish()
    {
        var slug = await server.SignUpAsync();
        using var admin = await _tokens.AdministratorAsync(slug);

        var german = await InvalidCategoryAsync(admin, "de");
        var english = await InvalidCategoryAsync(admin, null);

        Assert.Equal("Mindestens eine Eingabe ist ungültig.", german.GetProperty("title").GetString());
        Assert.Equal("Geben Sie einen Namen mit 1 bis 200 Zeichen ein.", german.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("One or more validation errors occurred.", english.GetProperty("title").GetString());
        Assert.Equal("Enter a name of 1 to 200 characters.", english.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal(english.GetProperty("type").GetString(), german.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(english.GetProperty("type").GetString()));
    }

    private static async Task<JsonElement> InvalidCategoryAsync(HttpClient admin, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/categories") { Content = JsonContent.Create(new { name = "" }) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> GetAsync(HttpClient browser, string page, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A cookie browser that went through <c>/account/login</c> and chose the tenant.</summary>
    private async Task<HttpClient> SignedInBrowserAsync(string email, string slug)
    {
        var browser = _tokens.Oidc.Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", email, OidcDriver.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var location = signedIn.Headers.Location!.OriginalString;
        if (location.Split('?')[0].EndsWith("/account/tenant", StringComparison.Ordinal))
        {
            using var chosen = await OidcDriver.ChooseTenantAsync(browser, location, slug);
            Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        }

        return browser;
    }
}

public sealed class CategoriesInGermanOnSqlite(SqliteServerFixture server) : CategoriesInGermanShould<SqliteServerFixture>(server);

public sealed class CategoriesInGermanOnPostgres(PostgresServerFixture server) : CategoriesInGermanShould<PostgresServerFixture>(server);
