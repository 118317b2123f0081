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
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
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
}

public sealed class CategoriesInGermanOnSqlite(SqliteServerFixture server) : CategoriesInGermanShould<SqliteServerFixture>(server);

public sealed class CategoriesInGermanOnPostgres(PostgresServerFixture server) : CategoriesInGermanShould<PostgresServerFixture>(server);

public sealed class CategoriesInGermanOnSqlServer(SqlServerServerFixture server) : CategoriesInGermanShould<SqlServerServerFixture>(server.Required());
