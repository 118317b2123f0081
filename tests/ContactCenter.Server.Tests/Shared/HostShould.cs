using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Shared;

public sealed class HostShould(SqliteServerFixture server)
{
    [Fact]
    public async Task AnswerHealthChecksWithoutCredentials()
    {
        using var client = server.CreateClient();
        using var live = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());

        // Readiness names its dependencies (ReadinessShould checks what they answer, on a server of its own).
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal(["catalog", "jobs", "tenants"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/favicon.ico")]
    [InlineData("/favicon.svg")]
    public async Task ServeTheIconWithoutCredentialsOrCookies(string path)
    {
        using var client = server.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);

        // Not a redirect to the login page: that page's render set an antiforgery cookie racing the real login form's.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEveryApiInTheOpenApiDocument()
    {
        using var client = server.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/signup", "/api/tenant/settings", "/api/tenant/settings/general", "/api/org-tree", "/api/categories", "/api/platform/tenants" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task KeepDataProtectionKeysInTheCatalog()
    {
        using var client = server.CreateClient();
        Assert.Contains("__RequestVerificationToken", await client.GetStringAsync("/signup"), StringComparison.Ordinal);

        var keys = await server.CatalogAsync(c => c.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.StartsWith("<key ", xml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LimitSignUpsPerClientAddress()
    {
        // Counted in this server alone: in the catalog the window would also hold the other tests' sign-ups of this minute
        // (InstancesShould counts across instances).
        await using var limited = server.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SignUp:PermitsPerMinute", "2");
            builder.UseSetting("Instances:SharedRateLimits", "false");
        });
        using var client = limited.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/signup", new { companyName = "" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(429, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
            }
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AnswerUnknownApiPathsWithAProblemDocument()
    {
        using var client = await server.CreateOperatorClientAsync();
        using var response = await client.GetAsync("/api/platform/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
