using System.Net;
using AngleSharp.Html.Parser;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>
/// Every page of the product, read from the routing table and opened by a signed-in person with
/// <c>Accept-Language: de</c> and <c>en</c>: it renders (a text missing from the resources fails the host in
/// development), names its language in <c>&lt;html lang&gt;</c>, and shows no sentence of the other language.
/// </summary>
public abstract class PagesInBothLanguagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    /// <summary>Pages without a GET view of their own.</summary>
    private static readonly string[] PostOnly = ["/language"];

    /// <summary>The pages that say "you may not" answer with their status.</summary>
    private static readonly string[] Refusals = ["/account/denied", "/account/wrong-tenant"];

    /// <summary>The pages a mailed link leads to answer a link without its token with their message about a bad link.</summary>
    private static readonly string[] BadLinks = ["/account/confirm-email", "/account/invitation"];

    [Fact]
    public async Task SpeakTheAskedLanguageOnEveryPage()
    {
        var slug = await server.SignUpAsync();
        var otherTenant = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var personId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        var (categoryId, partitionId, companyId, contactId, requestId) = await server.TenantAsync(tenantId, async db =>
        {
            var request = new Request { Number = 1, Token = ContactCenter.Server.Requests.RequestTokens.NewToken(), Subject = "Parcel", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            var category = await db.Categories.Select(c => c.Id).FirstAsync();
            var partition = new ClientPartition { Name = "North" };
            var company = new Company { Name = "Acme" };
            var contact = new Contact { LastName = "Doe", Company = company };
            db.AddRange(partition, company, contact, request);
            await db.SaveChangesAsync();
            return (category, partition.Id, company.Id, contact.Id, request.Id);
        });
        var batch = new LetterBatch { CreatedBy = personId.ToString(), CreatedAt = DateTime.UtcNow, State = LetterBatchState.Running, Total = 2, Done = 1 };
        await server.TenantAsync(tenantId, db =>
        {
            db.LetterBatches.Add(batch);
            return db.SaveChangesAsync();
        });
        var pages = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/admin/categories/{id:guid}"] = $"/t/{slug}/admin/categories/{categoryId}",
            ["/admin/partitions/{id:guid}"] = $"/t/{slug}/admin/partitions/{partitionId}",
            ["/admin/partitions/{id:guid}/delete"] = $"/t/{slug}/admin/partitions/{partitionId}/delete",
            ["/companies/{id:guid}/delete"] = $"/t/{slug}/companies/{companyId}/delete",
            ["/companies/edit/{id:guid?}"] = $"/t/{slug}/companies/edit/{companyId}",
            ["/contacts/{id:guid}/delete"] = $"/t/{slug}/contacts/{contactId}/delete",
            ["/contacts/edit/{id:guid?}"] = $"/t/{slug}/contacts/edit/{contactId}",
            ["/requests/{id:guid}"] = $"/t/{slug}/requests/{requestId}",
            ["/requests/{id:guid}/letter"] = $"/t/{slug}/requests/{requestId}/letter",
            ["/letters/batches/{id:guid}"] = $"/t/{slug}/letters/batches/{batch.Id}",
            ["/admin/org-tree/people/{personId:guid}"] = $"/t/{slug}/admin/org-tree/people/{personId}",
            ["/signup/done"] = $"/signup/done?slug={slug}",
            // Asked during an authorization request of a client that is not ours.
            ["/account/consent"] = "/account/consent?tenant=" + slug + "&returnUrl=" + Uri.EscapeDataString(
                $"/connect/authorize?client_id={await new OidcDriver(server).AddThirdPartyClientAsync()}&scope=openid%20api&response_type=code"),
            // Shown instead of a page of a tenant the person is not signed in for.
            ["/account/wrong-tenant"] = $"/t/{otherTenant}/admin/tenant",
        };
        var routes = PageRoutes().Except(PostOnly).ToList();
        Assert.True(routes.Count >= 25, $"only {routes.Count} pages found: is the routing table read correctly?");
        var urls = routes.Select(route => pages.GetValueOrDefault(route) ?? Address(route, slug)).ToList();
        var refusals = Refusals.Select(route => pages.GetValueOrDefault(route) ?? route).ToHashSet();
        Assert.All(urls, url => Assert.DoesNotContain("{", url, StringComparison.Ordinal));

        using var administrator = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        using var operatorBrowser = await OperatorBrowserAsync();
        var wrong = new List<string>();
        foreach (var language in new[] { "de", "en" })
        {
            var foreign = ForeignSentences(language);
            foreach (var url in urls)
            {
                var browser = url.StartsWith("/platform/", StringComparison.Ordinal) ? operatorBrowser : administrator;
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.AcceptLanguage.ParseAdd(language);
                request.Headers.Accept.ParseAdd("text/html");
                using var response = await browser.SendAsync(request);
                var html = await response.Content.ReadAsStringAsync();
                var expected = refusals.Contains(url) ? HttpStatusCode.Forbidden : BadLinks.Contains(url) ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
                if (response.StatusCode != expected)
                {
                    wrong.Add($"{language} {url}: {(int)response.StatusCode} {response.Headers.Location} {html[..Math.Min(html.Length, 300)]}");
                    continue;
                }

                using var document = new HtmlParser().ParseDocument(html);
                if (document.DocumentElement.GetAttribute("lang") != language)
                {
                    wrong.Add($"{language} {url}: <html lang=\"{document.DocumentElement.GetAttribute("lang")}\">");
                }

                var text = document.Title + "\n" + document.Body!.TextContent;
                wrong.AddRange(foreign.Where(sentence => text.Contains(sentence, StringComparison.Ordinal)).Select(sentence => $"{language} {url}: shows '{sentence}'"));
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>The route of every Razor page, as declared by <c>@page</c>.</summary>
    private IEnumerable<string> PageRoutes() => server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(endpoint => endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
        .Select(endpoint => "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/'))
        .Where(route => route != "/Index")
        .Distinct()
        .Order(StringComparer.Ordinal);

    /// <summary>Tenant pages under the tenant's path; the account, sign-up and platform pages as they are.</summary>
    private static string Address(string route, string slug) =>
        route.StartsWith("/account", StringComparison.Ordinal) || route.StartsWith("/signup", StringComparison.Ordinal) || route.StartsWith("/platform", StringComparison.Ordinal)
            ? route
            : $"/t/{slug}{(route == "/" ? "/" : route)}";

    /// <summary>
    /// Sentences of the other language that a page in <paramref name="language"/> must not show: every text of every
    /// resource pair that differs between the languages, in its pieces between placeholders, long enough to be a
    /// phrase rather than a word that both languages share.
    /// </summary>
    private static List<string> ForeignSentences(string language)
    {
        var other = language == "de" ? "en" : "de";
        var sentences = new List<string>();
        foreach (var resource in TextsShould.ResourceTypes)
        {
            var mine = TextsShould.Read(resource, language);
            foreach (var (key, text) in TextsShould.Read(resource, other))
            {
                if (mine.TryGetValue(key, out var translated) && translated != text)
                {
                    sentences.AddRange(System.Text.RegularExpressions.Regex.Split(System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", " ")), @"\{\d+[^}]*\}")
                        .Select(piece => piece.Trim())
                        .Where(piece => piece.Length >= 12 && piece.Contains(' ', StringComparison.Ordinal) && !mine.Values.Any(v => v.Contains(piece, StringComparison.Ordinal))));
                }
            }
        }

        return sentences.Distinct().ToList();
    }

    private async Task<HttpClient> OperatorBrowserAsync()
    {
        var email = $"operator-{Guid.NewGuid():N}@platform.example";
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlatformOperators>().AddAsync(email, OidcDriver.Password);
        }

        var browser = new OidcDriver(server).Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", email, OidcDriver.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }
}

public sealed class PagesInBothLanguagesOnSqlite(SqliteServerFixture server) : PagesInBothLanguagesShould<SqliteServerFixture>(server);

public sealed class PagesInBothLanguagesOnPostgres(PostgresServerFixture server) : PagesInBothLanguagesShould<PostgresServerFixture>(server);

public sealed class PagesInBothLanguagesOnSqlServer(SqlServerServerFixture server) : PagesInBothLanguagesShould<SqlServerServerFixture>(server.Required());
