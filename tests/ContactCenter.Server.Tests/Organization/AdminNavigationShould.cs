using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Organization;

/// <summary>
/// A fresh tenant's administrator walks every page the home page links to: each renders, each leads back home and
/// offers to log out, and an address of something that does not exist is a 404 page with a way home (not a raw document).
/// </summary>
public abstract partial class AdminNavigationShould<TFixture>(TFixture server) : IClassFixture<TFixture>
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

        var home = await browser.GetStringAsync($"/t/{slug}/");
        var links = AdminLink().Matches(home).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(links.Count >= 12, $"The home page links only {links.Count} tenant pages: {string.Join(", ", links)}");
        foreach (var link in links)
        {
            using var response = await browser.GetAsync(link);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answered {(int)response.StatusCode}");
            Assert.Matches("<h1>[^<]+</h1>", html);
            Assert.Contains($"<a href=\"/t/{slug}/\" data-nav=\"home\">Home</a>", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"/account/logout?returnUrl=%2Ft%2F{slug}%2F\" data-nav=\"sign-out\">Log out</a>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExplainEmptyListsAndBuiltInRolesInPlainWords()
    {
        var slug = await server.SignUpAsync();
        var admin = new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password);
        using var browser = await PageBrowser.SignInAsync(server, admin, slug);

        Assert.Contains("data-empty>No rules yet: every request goes to the default category", await browser.GetStringAsync($"/t/{slug}/admin/routing"), StringComparison.Ordinal);
        Assert.Contains("data-empty>No text blocks yet", await browser.GetStringAsync($"/t/{slug}/admin/text-blocks"), StringComparison.Ordinal);
        Assert.Contains("data-empty>No classifications yet", await browser.GetStringAsync($"/t/{slug}/admin/classifications"), StringComparison.Ordinal);
        var roles = await browser.GetStringAsync($"/t/{slug}/admin/roles");
        Assert.Contains("Held by every administrator of this tenant", roles, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant_administrator", roles, StringComparison.Ordinal);
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
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<h1>Not found</h1>", html, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"/t/{slug}/\">Back to the home page</a>", html, StringComparison.Ordinal);
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

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Form not accepted</h1>", html, StringComparison.Ordinal);
        Assert.Contains("reload the page", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<li><a href=\"(/t/[^\"]+/(?:admin/[a-z-]+|contacts|companies))\">")]
    private static partial Regex AdminLink();
}

public sealed class AdminNavigationOnSqlite(SqliteServerFixture server) : AdminNavigationShould<SqliteServerFixture>(server);

public sealed class AdminNavigationOnPostgres(PostgresServerFixture server) : AdminNavigationShould<PostgresServerFixture>(server);
