using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Home;

/// <summary>
/// A fresh tenant's administrator walks every page the home page links to: each renders, each leads back home and
/// offers to log out, and an address of something that does not exist is a 404 page with a way home (not a raw document).
/// </summary>
public abstract partial class AdminNavigationShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task RenderEveryLinkedPageOfAFreshTenantWithAWayHome()
    {
        var slug = await server.SignUpAsync();
        var admin = new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password);
        using var browser = await PageBrowser.SignInAsync(server, admin, slug);
        browser.DefaultRequestHeaders.Accept.ParseAdd(BrowserAccept);

        var home = await PageBrowser.GetDocumentAsync(browser, $"/t/{slug}/");
        var links = home.QuerySelectorAll("li > a[href]").Select(a => a.GetAttribute("href")!).Where(href => AdminLink().IsMatch(href)).Distinct().ToList();
        Assert.True(links.Count >= 12, $"The home page links only {links.Count} tenant pages: {string.Join(", ", links)}");
        foreach (var link in links)
        {
            var page = await PageBrowser.GetDocumentAsync(browser, link);
            var heading = page.QuerySelector("h1");
            Assert.True(heading is { ChildElementCount: 0 } && heading.TextContent.Length > 0, $"{link} has a plain heading.");
            var homeLink = page.QuerySelector("a[data-nav=home]");
            Assert.Equal(($"/t/{slug}/", "Home"), (homeLink?.GetAttribute("href"), homeLink?.TextContent));
            var signOut = page.QuerySelector("a[data-nav=sign-out]");
            Assert.Equal(($"/account/logout?returnUrl=%2Ft%2F{slug}%2F", "Log out"), (signOut?.GetAttribute("href"), signOut?.TextContent));
        }
    }

    [Fact]
    public async Task ExplainEmptyListsAndBuiltInRolesInPlainWords()
    {
        var slug = await server.SignUpAsync();
        var admin = new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password);
        using var browser = await PageBrowser.SignInAsync(server, admin, slug);

        Assert.StartsWith("No rules yet: every request goes to the default category", await EmptyNoteAsync($"/t/{slug}/admin/routing"), StringComparison.Ordinal);
        Assert.StartsWith("No text blocks yet", await EmptyNoteAsync($"/t/{slug}/admin/text-blocks"), StringComparison.Ordinal);
        Assert.StartsWith("No classifications yet", await EmptyNoteAsync($"/t/{slug}/admin/classifications"), StringComparison.Ordinal);
        var roles = await browser.GetStringAsync($"/t/{slug}/admin/roles");
        Assert.Contains("Held by every administrator of this tenant", roles, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant_administrator", roles, StringComparison.Ordinal);

        async Task<string?> EmptyNoteAsync(string url) => (await PageBrowser.GetDocumentAsync(browser, url)).QuerySelector("[data-empty]")?.TextContent;
    }

    [Fact]
    public async Task ShowANotFoundPageForAnUnknownIdButKeepProblemDocumentsForApis()
    {
        var slug = await server.SignUpAsync();
        var admin = new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password);
        using var browser = await PageBrowser.SignInAsync(server, admin, slug);
        browser.DefaultRequestHeaders.Accept.ParseAdd(BrowserAccept);
        var unknown = Guid.NewGuid();

        foreach (var page in new[] { $"admin/categories/{unknown}", $"admin/partitions/{unknown}/delete", $"contacts/edit/{unknown}", $"admin/org-tree/people/{unknown}", "admin/no-such-page" })
        {
            using var response = await browser.GetAsync($"/t/{slug}/{page}");
            var html = PageBrowser.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Not found", html.QuerySelector("h1")?.TextContent);
            Assert.Contains(html.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == $"/t/{slug}/" && a.TextContent == "Back to the home page");
        }

        using var tokens = await new TenantTokens(server).AdministratorAsync(slug);
        tokens.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var api = await tokens.GetAsync($"api/categories/{unknown}");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ExplainARefusedFormInsteadOfShowingARawDocument()
    {
        using var browser = server.CreateClient();
        browser.DefaultRequestHeaders.Accept.ParseAdd(BrowserAccept);

        // No antiforgery token and cookie: what a browser sends when another tab replaced its token.
        using var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "someone@example.com", ["password"] = "whatever",
        }));

        var html = PageBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Form not accepted", html.QuerySelector("h1")?.TextContent);
        Assert.Contains("reload the page", html.Body!.TextContent, StringComparison.Ordinal);
    }

    [GeneratedRegex("^/t/[^\"]+/(?:admin/[a-z-]+|contacts|companies|requests)$")]
    private static partial Regex AdminLink();
}

public sealed class AdminNavigationOnSqlite(SqliteServerFixture server) : AdminNavigationShould<SqliteServerFixture>(server);

public sealed class AdminNavigationOnPostgres(PostgresServerFixture server) : AdminNavigationShould<PostgresServerFixture>(server);

public sealed class AdminNavigationOnSqlServer(SqlServerServerFixture server) : AdminNavigationShould<SqlServerServerFixture>(server.Required());
