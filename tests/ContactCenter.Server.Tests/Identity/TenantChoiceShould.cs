using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Identity;

/// <summary>The tenant choice names each tenant with its address and pre-selects the one of the requested page; a page of another tenant offers the switch.</summary>
public abstract partial class TenantChoiceShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task PreSelectTheTenantOfTheRequestedPage()
    {
        var (first, second) = (await server.SignUpAsync(), await server.SignUpAsync());
        var person = await _oidc.CreatePersonAsync((first, TenantRole.Agent), (second, TenantRole.Agent));
        using var browser = _oidc.Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, person.Password);

        var html = await (await browser.GetAsync($"/account/tenant?returnUrl={Uri.EscapeDataString($"/t/{second}/")}")).Content.ReadAsStringAsync();

        var buttons = TenantButton().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(2, buttons.Count);
        Assert.Contains($"value=\"{second}\"", buttons[0], StringComparison.Ordinal);
        Assert.Contains($"data-tenant=\"{second}\"", buttons[0], StringComparison.Ordinal);
        Assert.Contains("data-preselected=\"true\"", buttons[0], StringComparison.Ordinal);
        Assert.Contains("aria-current=\"true\"", buttons[0], StringComparison.Ordinal);
        Assert.Contains("data-preselected=\"false\"", buttons[1], StringComparison.Ordinal);
        Assert.Contains($"Address: {first}", html, StringComparison.Ordinal);
        Assert.Contains($"Address: {second}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferABrowserTheSwitchToAnotherTenantOfTheirs()
    {
        var (first, second) = (await server.SignUpAsync(), await server.SignUpAsync());
        var person = await _oidc.CreatePersonAsync((first, TenantRole.Agent), (second, TenantRole.Agent));
        using var browser = await PageBrowser.SignInAsync(server, person, first);

        using var refused = await browser.SendAsync(Navigation($"/t/{second}/?tab=1"));
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-member=\"true\"", html, StringComparison.Ordinal);
        var switchUrl = WebUtility.HtmlDecode(SwitchLink().Match(html).Groups["href"].Value);
        Assert.Equal($"/account/tenant?returnUrl={Uri.EscapeDataString($"/t/{second}/?tab=1")}", switchUrl);

        var choice = await (await browser.GetAsync(switchUrl)).Content.ReadAsStringAsync();
        Assert.Contains("data-preselected=\"true\"", TenantButton().Matches(choice).First().Value, StringComparison.Ordinal);
        using var chosen = await OidcDriver.ChooseTenantAsync(browser, switchUrl, second);
        Assert.Equal($"/t/{second}/?tab=1", chosen.Headers.Location?.OriginalString);
        using var reached = await browser.SendAsync(Navigation($"/t/{second}/"));
        Assert.Equal(HttpStatusCode.OK, reached.StatusCode);
    }

    [Fact]
    public async Task TellABrowserInItsLanguageThatThePersonDoesNotWorkForTheTenant()
    {
        var (own, foreign) = (await server.SignUpAsync(), await server.SignUpAsync());
        var person = await _oidc.CreatePersonAsync((own, TenantRole.Agent));
        using var browser = await PageBrowser.SignInAsync(server, person, own);
        using var request = Navigation($"/t/{foreign}/");
        request.Headers.AcceptLanguage.ParseAdd("de");

        using var refused = await browser.SendAsync(request);
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("data-member=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("Nicht Ihr Mandant", html, StringComparison.Ordinal);
        Assert.Contains($"Sie arbeiten nicht für den Mandanten „{foreign}“", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/tenant\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepTheProblemDocumentForApis()
    {
        var (first, second) = (await server.SignUpAsync(), await server.SignUpAsync());
        var person = await _oidc.CreatePersonAsync((first, TenantRole.Agent), (second, TenantRole.Agent));
        using var browser = await PageBrowser.SignInAsync(server, person, first);

        using var english = await browser.SendAsync(Navigation($"/t/{second}/api/contacts", "application/json"));
        using var germanRequest = Navigation($"/t/{second}/", "application/json");
        germanRequest.Headers.AcceptLanguage.ParseAdd("de");
        using var german = await browser.SendAsync(germanRequest);

        var (en, de) = (await ProblemOf(english), await ProblemOf(german));
        Assert.Equal(HttpStatusCode.Forbidden, english.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, german.StatusCode);
        Assert.Equal("Not your tenant", en.GetProperty("title").GetString());
        Assert.Equal($"You are not signed in for tenant '{second}'. Choose it at sign-in, or switch tenant.", en.GetProperty("detail").GetString());
        Assert.Equal("Nicht Ihr Mandant", de.GetProperty("title").GetString());
        Assert.Equal(en.GetProperty("type").GetString(), de.GetProperty("type").GetString());
    }

    private static HttpRequestMessage Navigation(string url, string accept = "text/html")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return request;
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [GeneratedRegex("<button type=\"submit\" name=\"tenant\" value=\"[^*\"]+\"[^>]*>")]
    private static partial Regex TenantButton();

    [GeneratedRegex("<a class=\"button\" href=\"(?<href>[^\"]+)\" data-switch-tenant")]
    private static partial Regex SwitchLink();
}

public sealed class TenantChoiceOnSqlite(SqliteServerFixture server) : TenantChoiceShould<SqliteServerFixture>(server);

public sealed class TenantChoiceOnPostgres(PostgresServerFixture server) : TenantChoiceShould<PostgresServerFixture>(server);

public sealed class TenantChoiceOnSqlServer(SqlServerServerFixture server) : TenantChoiceShould<SqlServerServerFixture>(server.Required());
