using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Categories;
using ContactCenter.Server.TenantSettings;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Tenancy;

/// <summary>The ways a request may name its tenant.</summary>
public enum Strategy
{
    Host,
    Path,
    Header,
}

public abstract class TenantResolutionShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Theory]
    [InlineData(Strategy.Host)]
    [InlineData(Strategy.Path)]
    [InlineData(Strategy.Header)]
    public async Task NeverShowOneTenantsDataThroughAnother(Strategy strategy)
    {
        var a = await server.SignUpAsync();
        var b = await server.SignUpAsync();
        var marker = $"Marker {Guid.NewGuid():N}";
        using var client = await server.CreateOperatorClientAsync();
        using (var created = await client.SendAsync(Request(HttpMethod.Post, a, "api/categories", strategy, new NewCategory(marker, null, null))))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var inA = await CategoryNamesAsync(client, a, strategy);
        var inB = await CategoryNamesAsync(client, b, strategy);

        Assert.Contains(marker, inA);
        Assert.DoesNotContain(marker, inB);
        Assert.Contains("General", inB);
    }

    [Theory]
    [InlineData(Strategy.Host)]
    [InlineData(Strategy.Path)]
    [InlineData(Strategy.Header)]
    public async Task ResolveTheTenantNamedByEachStrategy(Strategy strategy)
    {
        var slug = await server.SignUpAsync();
        using var client = await server.CreateOperatorClientAsync();

        using var response = await client.SendAsync(Request(HttpMethod.Get, slug, "api/tenant", strategy));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tenant = await response.Content.ReadFromJsonAsync<TenantInfo>();
        Assert.Equal(slug, tenant?.Slug);
        Assert.Equal($"Company {slug}", tenant?.Name);
    }

    [Theory]
    [InlineData(Strategy.Host)]
    [InlineData(Strategy.Path)]
    [InlineData(Strategy.Header)]
    public async Task AnswerNotFoundForAnUnknownTenant(Strategy strategy)
    {
        using var client = await server.CreateOperatorClientAsync();
        using var response = await client.SendAsync(Request(HttpMethod.Get, "no-such-tenant", "api/tenant", strategy));
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnswerForbiddenForASuspendedTenantAndServeItAgainWhenResumed()
    {
        var slug = await server.SignUpAsync();
        using var client = await server.CreateOperatorClientAsync();
        using (var warm = await client.SendAsync(Request(HttpMethod.Get, slug, "api/tenant", Strategy.Header)))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using (var suspend = await client.PostAsync($"/api/platform/tenants/{slug}/suspend", null))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        // The cached record was invalidated by the change: no waiting for expiry.
        using (var suspended = await client.SendAsync(Request(HttpMethod.Get, slug, "api/tenant", Strategy.Path)))
        {
            await AssertProblemAsync(suspended, HttpStatusCode.Forbidden);
        }

        using (var resume = await client.PostAsync($"/api/platform/tenants/{slug}/resume", null))
        {
            Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        }

        using var resumed = await client.SendAsync(Request(HttpMethod.Get, slug, "api/tenant", Strategy.Path));
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
    }

    [Fact]
    public async Task AnswerBadRequestWhenStrategiesNameDifferentTenants()
    {
        var a = await server.SignUpAsync();
        var b = await server.SignUpAsync();
        using var client = await server.CreateOperatorClientAsync();
        using var request = Request(HttpMethod.Get, a, "api/tenant", Strategy.Path);
        request.Headers.Add("X-Tenant", b);

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AcceptStrategiesThatAgree()
    {
        var a = await server.SignUpAsync();
        using var client = await server.CreateOperatorClientAsync();
        using var request = Request(HttpMethod.Get, a, "api/tenant", Strategy.Host);
        request.RequestUri = new Uri($"http://{a}.{ServerFixture.BaseDomain}/t/{a}/api/tenant");
        request.Headers.Add("X-Tenant", a.ToUpperInvariant());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnswerBadRequestOnTenantDataWithoutATenant()
    {
        using var client = await server.CreateOperatorClientAsync();
        using var response = await client.GetAsync("/api/categories");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RefuseTenantDataWithoutCredentials()
    {
        var slug = await server.SignUpAsync();
        using var client = server.CreateClient();
        using var response = await client.GetAsync($"/t/{slug}/api/categories");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static HttpRequestMessage Request(HttpMethod method, string slug, string path, Strategy strategy, object? body = null)
    {
        var request = strategy switch
        {
            Strategy.Host => new HttpRequestMessage(method, $"http://{slug}.{ServerFixture.BaseDomain}/{path}"),
            Strategy.Path => new HttpRequestMessage(method, $"/t/{slug}/{path}"),
            _ => new HttpRequestMessage(method, $"/{path}"),
        };
        if (strategy == Strategy.Header)
        {
            request.Headers.Add("X-Tenant", slug);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static async Task<List<string>> CategoryNamesAsync(HttpClient client, string slug, Strategy strategy)
    {
        using var response = await client.SendAsync(Request(HttpMethod.Get, slug, "api/categories", strategy));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var categories = await response.Content.ReadFromJsonAsync<List<CategoryItem>>();
        return categories!.Select(c => c.Name).ToList();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }
}

public sealed class TenantResolutionOnSqliteShould(SqliteServerFixture server) : TenantResolutionShould<SqliteServerFixture>(server);

public sealed class TenantResolutionOnPostgresShould(PostgresServerFixture server) : TenantResolutionShould<PostgresServerFixture>(server);

public sealed class TenantResolutionOnSqlServerShould(SqlServerServerFixture server) : TenantResolutionShould<SqlServerServerFixture>(server.Required());
