using System.Net;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy.Provisioning;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>The Hangfire dashboard at /platform/jobs: platform operators only, as every /platform page.</summary>
public abstract class JobsDashboardShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task SendAnonymousCallersToTheSignIn()
    {
        using var anonymous = server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync(JobsFeature.DashboardPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseTenantUsers()
    {
        var slug = await server.SignUpAsync();
        using var browser = new OidcDriver(server).Browser();
        var (status, location, _) = await PageBrowser.SignInAndRequestAsync(browser, JobsFeature.DashboardPath, $"admin@{slug}.example", slug);
        using var denied = await browser.GetAsync(location);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.StartsWith("/account/denied", new Uri(new Uri("http://localhost"), location).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task ShowTheRecurringJobsToSignedInOperatorsAndLinkThemFromHome()
    {
        using var browser = await PageBrowser.SignInNewOperatorAsync(server);
        var home = PageBrowser.Parse(await browser.GetStringAsync("/"));
        var recurring = await PageBrowser.GetDocumentAsync(browser, $"{JobsFeature.DashboardPath}/recurring");

        Assert.Contains(home.QuerySelectorAll("a[href]"), link => link.GetAttribute("href") == JobsFeature.DashboardPath);
        Assert.Contains(recurring.QuerySelectorAll("td"), cell => cell.TextContent.Contains(RemoveAbandonedTenantsJob.Id, StringComparison.Ordinal));
    }
}

public sealed class JobsDashboardOnSqlite(SqliteServerFixture server) : JobsDashboardShould<SqliteServerFixture>(server);

public sealed class JobsDashboardOnPostgres(PostgresServerFixture server) : JobsDashboardShould<PostgresServerFixture>(server);
