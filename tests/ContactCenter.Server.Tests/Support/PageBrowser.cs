using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ContactCenter.Server.Tests.Support;

/// <summary>A browser-like client (cookies, no automatic redirects) signed in through the login page for one tenant.</summary>
internal static class PageBrowser
{
    /// <summary>Signs in and chooses the tenant, as a person does before using its pages.</summary>
    public static async Task<HttpClient> SignInAsync(ServerFixture server, TestPerson person, string slug)
    {
        var browser = new OidcDriver(server).Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", person.Email, person.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var chosen = await OidcDriver.ChooseTenantAsync(browser, "/account/tenant", slug);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        return browser;
    }

    /// <summary>Appoints a new platform operator and signs them in at the login page, as a person does.</summary>
    public static async Task<HttpClient> SignInNewOperatorAsync(ServerFixture server)
    {
        var email = $"op-{Guid.NewGuid():N}"[..12] + "@platform.example";
        await using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(server.Services))
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<ContactCenter.Server.Platform.PlatformOperators>(scope.ServiceProvider).AddAsync(email, OidcDriver.Password);
        }

        var browser = new OidcDriver(server).Browser();
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", email, OidcDriver.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    /// <summary>The form's hidden fields (the anti-forgery token) with the given fields; a name may repeat.</summary>
    public static FormUrlEncodedContent Form(Dictionary<string, string> hidden, params (string Name, string Value)[] fields) =>
        new(hidden.Select(f => KeyValuePair.Create(f.Key, f.Value)).Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    private static readonly HtmlParser Parser = new();

    /// <summary>The page as a browser reads it: a parsed document to query by element, attribute and text.</summary>
    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>Gets the page, checks its status and parses it.</summary>
    public static Task<IDocument> GetDocumentAsync(HttpClient browser, string url, HttpStatusCode expected = HttpStatusCode.OK) =>
        GetDocumentAsync(browser, url, null, expected);

    /// <summary>Gets the page in <paramref name="language"/> (Accept-Language), checks its status and parses it.</summary>
    public static async Task<IDocument> GetDocumentAsync(HttpClient browser, string url, string? language, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await browser.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} from {url}, got {(int)response.StatusCode} {response.Headers.Location}: {body[..Math.Min(body.Length, 2000)]}");
        return Parse(body);
    }

    /// <summary>Posts the form, checks the status and parses the page it answers with.</summary>
    public static async Task<IDocument> PostForDocumentAsync(HttpClient browser, string action, FormUrlEncodedContent form, HttpStatusCode expected) =>
        Parse(await PostAsync(browser, action, form, expected));

    /// <summary>The value of the form field named <paramref name="name"/> (an input's value attribute, a text area's text).</summary>
    public static string? FieldValue(IDocument page, string name)
    {
        var field = page.QuerySelector($"[name='{name}']");
        return field?.LocalName == "textarea" ? field.TextContent : field?.GetAttribute("value");
    }

    /// <summary>The field-error notes of the page, by the field they name.</summary>
    public static IReadOnlyList<string> ErrorFields(IDocument page) =>
        page.QuerySelectorAll("[data-error-for]").Select(e => e.GetAttribute("data-error-for")!).ToList();

    /// <summary>The text of the error note beside the field named <paramref name="field"/>, or null when there is none.</summary>
    public static string? ErrorText(IDocument page, string field) =>
        page.QuerySelectorAll("[data-error-for]").FirstOrDefault(e => e.GetAttribute("data-error-for") == field)?.TextContent.Trim();

    /// <summary>The check box (or radio button) named <paramref name="name"/> with that value, or null when the page has none.</summary>
    public static IElement? Choice(IDocument page, string name, string value) =>
        page.QuerySelectorAll("input[type=checkbox], input[type=radio]")
            .FirstOrDefault(e => e.GetAttribute("name") == name && e.GetAttribute("value") == value);

    /// <summary>The anti-forgery token of the page's (first) form.</summary>
    public static string AntiForgery(string html)
    {
        var token = Parse(html).QuerySelector("input[type=hidden][name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), "The page carries an anti-forgery token.");
        return token;
    }

    /// <summary>Posts the form and returns the page it answers with, after checking the status.</summary>
    public static async Task<string> PostAsync(HttpClient browser, string action, FormUrlEncodedContent form, HttpStatusCode expected)
    {
        using var response = await browser.PostAsync(action, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}: {body[..Math.Min(body.Length, 2000)]}");
        return body;
    }

    /// <summary>Signs in (choosing the tenant when asked) and returns the page's HTML.</summary>
    public static async Task<string> SignInAndGetAsync(HttpClient browser, string url, string email, string slug)
    {
        var (status, location, html) = await SignInAndRequestAsync(browser, url, email, slug);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} answered {(int)status} {location}");
        return html;
    }

    /// <summary>Signs in as a person would (login, then the tenant choice) and requests <paramref name="url"/>.</summary>
    public static async Task<(HttpStatusCode Status, string? Location, string Html)> SignInAndRequestAsync(HttpClient browser, string url, string email, string slug)
    {
        using var signedIn = await OidcDriver.SignInAsync(browser, "/account/login", email, OidcDriver.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var choice = signedIn.Headers.Location!.OriginalString;
        Assert.EndsWith("/account/tenant", choice.Split('?')[0], StringComparison.Ordinal);
        using var chosen = await OidcDriver.ChooseTenantAsync(browser, choice, slug);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);

        using var response = await browser.GetAsync(url);
        return (response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts <paramref name="fields"/> with the anti-forgery token of <paramref name="html"/> to a handler of the page.</summary>
    public static Task<HttpResponseMessage> PostHandlerAsync(HttpClient browser, string page, string handler, string html, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = AntiForgery(html);
        return browser.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }
}
