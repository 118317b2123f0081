using System.Net;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>The header's language switch: it goes back to the page, its choice is remembered and beats Accept-Language, and ui_locales beats both.</summary>
public abstract class LanguageSwitchShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task RememberTheChoiceAndGoBackToThePage()
    {
        var slug = await server.SignUpAsync();
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var page = $"/t/{slug}/contacts?q=x";
        var english = await PageBrowser.GetDocumentAsync(browser, page);
        var switcher = english.QuerySelector("form[data-language-switch]");
        Assert.NotNull(switcher);
        Assert.Equal("true", switcher.QuerySelector("button[value=en]")?.GetAttribute("aria-pressed"));

        using var switched = await browser.PostAsync(switcher.GetAttribute("action"), new FormUrlEncodedContent([KeyValuePair.Create("language", "de")]));

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal(page, switched.Headers.Location?.OriginalString);
        var german = await PageBrowser.GetDocumentAsync(browser, page);
        Assert.Equal("de", german.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Kontakte", german.QuerySelector("h1")?.TextContent);
        Assert.Equal("true", german.QuerySelector("form[data-language-switch] button[value=de]")?.GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task LetUiLocalesOfTheSignInWinOverTheRememberedChoice()
    {
        using var browser = new OidcDriver(server).Browser();
        using var switched = await browser.PostAsync("/language", new FormUrlEncodedContent([KeyValuePair.Create("language", "de")]));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        var remembered = await PageBrowser.GetDocumentAsync(browser, "/account/login");
        var asked = await PageBrowser.GetDocumentAsync(browser, "/account/login?ui_locales=en");

        Assert.Equal("Anmelden", remembered.QuerySelector("h1")?.TextContent);
        Assert.Equal("Sign in", asked.QuerySelector("h1")?.TextContent);
        Assert.Equal("en", asked.DocumentElement.GetAttribute("lang"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task NeverLeadAwayFromTheSite(string returnUrl)
    {
        using var browser = new OidcDriver(server).Browser();

        using var switched = await browser.PostAsync("/language?returnUrl=" + Uri.EscapeDataString(returnUrl), new FormUrlEncodedContent([KeyValuePair.Create("language", "de")]));

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/", switched.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task RefuseALanguageItDoesNotSpeak()
    {
        using var browser = new OidcDriver(server).Browser();

        using var refused = await browser.PostAsync("/language", new FormUrlEncodedContent([KeyValuePair.Create("language", "fr")]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(Localization.CookieName, StringComparison.Ordinal)));
    }
}

public sealed class LanguageSwitchOnSqlite(SqliteServerFixture server) : LanguageSwitchShould<SqliteServerFixture>(server);

public sealed class LanguageSwitchOnPostgres(PostgresServerFixture server) : LanguageSwitchShould<PostgresServerFixture>(server);

public sealed class LanguageSwitchOnSqlServer(SqlServerServerFixture server) : LanguageSwitchShould<SqlServerServerFixture>(server.Required());
