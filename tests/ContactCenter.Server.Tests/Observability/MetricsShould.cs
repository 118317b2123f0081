using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContactCenter.Server.Outbox;
using ContactCenter.Server.Tests.Support;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Observability;

/// <summary><c>/metrics</c>: who may read it, and that it reports requests, outbox depth, jobs and provisioning.</summary>
public abstract class MetricsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task RefuseCallersWithoutTheTokenOrAnOperatorsToken()
    {
        using var anonymous = server.CreateClient();
        await AssertProblemAsync(await anonymous.GetAsync("/metrics"), HttpStatusCode.Unauthorized);

        using var wrong = server.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFixture.MetricsToken + "x");
        await AssertProblemAsync(await wrong.GetAsync("/metrics"), HttpStatusCode.Unauthorized);

        var slug = await server.SignUpAsync();
        using var administrator = await TenantClients.AdministratorAsync(server, slug);
        await AssertProblemAsync(await administrator.GetAsync("/metrics"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ServePrometheusTextToTheTokenAndToOperators()
    {
        using var scraper = Scraper();
        using var byToken = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", byToken.Content.Headers.ContentType?.ToString());
        PrometheusText.Parse(await byToken.Content.ReadAsStringAsync());

        using var platformOperator = await server.CreateOperatorClientAsync();
        using var byOperator = await platformOperator.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, byOperator.StatusCode);
        PrometheusText.Parse(await byOperator.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CountTenantRequestsByRouteTemplateNotByPath()
    {
        var slug = await server.SignUpAsync();
        using var administrator = await TenantClients.AdministratorAsync(server, slug);
        const string Route = "/api/categories/{id:guid}";
        var before = Requests(await PrometheusText.ScrapeAsync(server), Route);

        for (var i = 0; i < 2; i++)
        {
            using var missing = await administrator.GetAsync($"/t/{slug}/api/categories/{Guid.NewGuid()}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var samples = await PrometheusText.ScrapeAsync(server);
        Assert.True(Requests(samples, Route) >= before + 2, $"Two more 4xx GETs of {Route} than {before}.");
        Assert.Contains(samples, s => s.Name == "contactcenter_http_request_duration_seconds_count" && s.Labels.GetValueOrDefault("route") == Route);
        // No series names a raw path (its id, its tenant prefix).
        Assert.DoesNotContain(samples, s => s.Labels.TryGetValue("route", out var route) && route.Contains(slug, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimeProvisioningAtSignUp()
    {
        var before = Sum(await PrometheusText.ScrapeAsync(server), "contactcenter_tenant_provisioning_duration_seconds_count", ("outcome", "succeeded"));
        await server.SignUpAsync();
        var after = await PrometheusText.ScrapeAsync(server);
        Assert.True(Sum(after, "contactcenter_tenant_provisioning_duration_seconds_count", ("outcome", "succeeded")) >= before + 1);
        Assert.Contains(after, s => s.Name == "contactcenter_tenant_provisioning_duration_seconds_sum" && s.Value > 0);
    }

    [Fact]
    public async Task ReportTheOutboxDepthPerTenantAndTheDurationOfJobs()
    {
        var slug = await server.SignUpAsync();
        var jobs = server.Services.GetRequiredService<IBackgroundJobClient>();

        // Run by Hangfire (the job filter times it), enqueued again while other tests empty the job tables meanwhile.
        var samples = await Poll.UntilAsync(async () =>
        {
            jobs.Enqueue<OutboxSweepJob>(job => job.RunAsync(CancellationToken.None));
            await Task.Delay(TimeSpan.FromSeconds(2));
            return await PrometheusText.ScrapeAsync(server);
        }, s => s.Any(x => x.Name == "contactcenter_outbox_depth" && x.Labels.GetValueOrDefault("tenant") == slug)
            && s.Any(x => x.Name == "contactcenter_job_duration_seconds_count" && x.Labels.GetValueOrDefault("job") == nameof(OutboxSweepJob)),
            "the sweep to count the new tenant's outbox and its run to be timed", TimeSpan.FromSeconds(90));

        Assert.Equal(0, samples!.Single(s => s.Name == "contactcenter_outbox_depth" && s.Labels["tenant"] == slug).Value);
        var timed = samples!.First(s => s.Name == "contactcenter_job_duration_seconds_count" && s.Labels["job"] == nameof(OutboxSweepJob));
        Assert.Equal("succeeded", timed.Labels["outcome"]);
        Assert.True(timed.Value >= 1);
    }

    private HttpClient Scraper()
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFixture.MetricsToken);
        return client;
    }


    private static double Requests(IReadOnlyList<PrometheusSample> samples, string route) =>
        Sum(samples, "contactcenter_http_requests", ("route", route), ("method", "GET"), ("status", "4xx"));

    private static double Sum(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            Assert.DoesNotContain("contactcenter_", body, StringComparison.Ordinal);
        }
    }
}

public sealed class MetricsOnSqliteShould(SqliteServerFixture server) : MetricsShould<SqliteServerFixture>(server);

public sealed class MetricsOnPostgresShould(PostgresServerFixture server) : MetricsShould<PostgresServerFixture>(server);
