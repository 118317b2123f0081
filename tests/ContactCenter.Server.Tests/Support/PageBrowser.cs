using System.Net;

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

    /// <summary>The form's hidden fields (the anti-forgery token) with the given fields; a name may repeat.</summary>
    public static FormUrlEncodedContent Form(Dictionary<string, string> hidden, params (string Name, string Value)[] fields) =>
        new(hidden.Select(f => KeyValuePair.Create(f.Key, f.Value)).Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    /// <summary>Posts the form and returns the page it answers with, after checking the status.</summary>
    public static async Task<string> PostAsync(HttpClient browser, string action, FormUrlEncodedContent form, HttpStatusCode expected)
    {
        using var response = await browser.PostAsync(action, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}: {body[..Math.Min(body.Length, 2000)]}");
        return body;
    }
}
