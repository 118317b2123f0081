using System.Net;
using System.Text.RegularExpressions;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContactCenter.Server.Tests;

/// <summary>The server-rendered sign-up form, as a browser without JavaScript uses it.</summary>
public sealed partial class SignUpPageShould(SqliteServerFixture server) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task ShowAFormWithEveryField()
    {
        using var client = server.CreateClient();
        var html = await client.GetStringAsync("/signup");

        foreach (var field in new[] { "companyName", "slug", "adminEmail", "adminPassword" })
        {
            Assert.Contains($"name=\"{field}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
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
        Assert.Matches("id=\"slug-error\">The address &#x27;admin&#x27; is reserved", html);
        Assert.Contains("id=\"adminEmail-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"adminPassword-error\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"companyName-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"M&#xFC;ller &amp; S&#xF6;hne\"", html, StringComparison.Ordinal);
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
        var done = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains($"href=\"/t/{slug}/\"", done, StringComparison.Ordinal);
        var home = await client.GetStringAsync($"/t/{slug}/");
        Assert.Contains("<h1>Page Company</h1>", home, StringComparison.Ordinal);
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
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/signup", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
