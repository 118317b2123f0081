using System.Net;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContactCenter.Server.Tests.SignUp;

/// <summary>The server-rendered sign-up form, as a browser without JavaScript uses it.</summary>
public sealed class SignUpPageShould(SqliteServerFixture server)
{
    [Fact]
    public async Task ShowAFormWithEveryField()
    {
        using var client = server.CreateClient();
        var page = await PageBrowser.GetDocumentAsync(client, "/signup");
        var form = page.QuerySelector("main form");
        Assert.NotNull(form);

        foreach (var field in new[] { "companyName", "slug", "adminEmail", "adminPassword" })
        {
            Assert.NotNull(form.QuerySelector($"input[name={field}]"));
        }

        Assert.False(string.IsNullOrEmpty(form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")?.GetAttribute("value")));
    }

    [Fact]
    public async Task ShowErrorsBesideTheFieldsAndKeepWhatWasTyped()
    {
        using var client = server.CreateClient();
        using var response = await PostFormAsync(client, new()
        {
            ["companyName"] = "Müller & Söhne",
            ["slug"] = "admin",
            ["adminEmail"] = "not-an-address",
            ["adminPassword"] = "weak",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = PageBrowser.Parse(html);
        Assert.StartsWith("The address 'admin' is reserved", page.GetElementById("slug-error")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.GetElementById("adminEmail-error"));
        Assert.NotNull(page.GetElementById("adminPassword-error"));
        Assert.Null(page.GetElementById("companyName-error"));
        Assert.Equal("Müller & Söhne", PageBrowser.FieldValue(page, "companyName"));
        Assert.DoesNotContain("weak", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTheTenantAndLinkToIt()
    {
        var slug = ServerFixture.NewSlug("page");
        using var client = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await PostFormAsync(client, new()
        {
            ["companyName"] = "Page Company",
            ["slug"] = slug,
            ["adminEmail"] = $"admin@{slug}.example",
            ["adminPassword"] = "Correct-Horse-9",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var done = await PageBrowser.GetDocumentAsync(client, response.Headers.Location!.OriginalString);
        Assert.Contains(done.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == $"/t/{slug}/");
        var home = await PageBrowser.GetDocumentAsync(client, $"/t/{slug}/");
        Assert.Equal("Page Company", home.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task ShowNothingForATenantThatDoesNotExist()
    {
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/signup/done?slug=nobody-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync("/signup");
        fields["__RequestVerificationToken"] = PageBrowser.AntiForgery(form);
        return await client.PostAsync("/signup", new FormUrlEncodedContent(fields));
    }
}
