using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Platform;

// A server of its own (Isolated…ServerFixture): this class migrates every tenant of the server.
public abstract class PlatformShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task RefuseOperatorCallsFromAnyoneButOperators()
    {
        var slug = await server.SignUpAsync();
        var oidc = new OidcDriver(server);
        var clientId = await oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = oidc.Browser();
        var administrator = new TestPerson(Guid.Empty, $"admin@{slug}.example", OidcDriver.Password);
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), administrator))["code"];
        var tenantToken = (await oidc.ExchangeCodeAsync(clientId, code, pkce)).GetProperty("access_token").GetString()!;
        using var anonymous = server.CreateClient();
        using var tenantAdministrator = oidc.ApiClient(tenantToken);
        using var forged = oidc.ApiClient(tenantToken[..^4] + "AAAA");
        using var platformOperator = await server.CreateOperatorClientAsync();

        using var withoutToken = await anonymous.GetAsync("/api/platform/tenants");
        using var withForgedToken = await forged.GetAsync("/api/platform/tenants");
        using var asTenantAdministrator = await tenantAdministrator.GetAsync("/api/platform/tenants");
        using var asOperator = await platformOperator.GetAsync("/api/platform/tenants");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withForgedToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asTenantAdministrator.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asOperator.StatusCode);
    }

    [Fact]
    public async Task AppointAndDismissOperatorsFromTheCommandLine()
    {
        var email = $"op-{Guid.NewGuid():N}"[..12] + "@platform.example";
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(1, await PlatformOperators.RunCommandAsync(server.Services, ["add", "--email", email], output, error));
        Assert.Contains("--password", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await PlatformOperators.RunCommandAsync(server.Services, ["add", "--email", email, "--password", OidcDriver.Password], output, error));
        Assert.Equal(0, await PlatformOperators.RunCommandAsync(server.Services, ["list"], output, error));
        Assert.Contains(email, output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await PlatformOperators.RunCommandAsync(server.Services, ["remove", "--email", email], output, error));
        Assert.Equal(1, await PlatformOperators.RunCommandAsync(server.Services, ["remove", "--email", email], output, error));
        Assert.Equal(2, await PlatformOperators.RunCommandAsync(server.Services, ["promote"], output, error));
    }

    [Fact]
    public async Task ListTenantsWithStatusAndDatabase()
    {
        var slug = await server.SignUpAsync();
        using var client = await server.CreateOperatorClientAsync();

        var tenants = await client.GetFromJsonAsync<List<TenantSummary>>("/api/platform/tenants");

        var tenant = Assert.Single(tenants!, t => t.Slug == slug);
        Assert.Equal("Active", tenant.Status);
        Assert.Equal($"Company {slug}", tenant.Name);
        Assert.False(string.IsNullOrEmpty(tenant.DatabaseName));
    }

    [Fact]
    public async Task DeleteATenantOnlyWhenConfirmedAndFreeItsSlug()
    {
        var slug = await server.SignUpAsync();
        var database = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).Select(t => t.DatabaseName).SingleAsync());
        using var client = await server.CreateOperatorClientAsync();
        using (var warm = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/t/{slug}/api/categories")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using (var unconfirmed = await client.DeleteAsync($"/api/platform/tenants/{slug}?confirm=wrong"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        }

        Assert.True(await server.TenantDatabaseExistsAsync(database));

        using (var confirmed = await client.DeleteAsync($"/api/platform/tenants/{slug}?confirm={slug}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        }

        Assert.False(await server.TenantDatabaseExistsAsync(database));
        Assert.False(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Slug == slug)));
        using (var gone = await client.GetAsync($"/t/{slug}/api/categories"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        await server.SignUpAsync(slug);
    }

    /// <summary>SQL Server cascades only one of the two paths from a tenant to its escalation partners; the other is ours.</summary>
    [Fact]
    public async Task DeleteATenantWithTheEscalationPartnershipsOnBothSides()
    {
        var (gone, stays) = (await server.SignUpAsync(), await server.SignUpAsync());
        var ids = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == gone || t.Slug == stays).ToDictionaryAsync(t => t.Slug, t => t.Id));
        await server.CatalogAsync(c =>
        {
            c.EscalationPartners.Add(new EscalationPartner { TenantId = ids[gone], SourceTenantId = ids[stays] });
            c.EscalationPartners.Add(new EscalationPartner { TenantId = ids[stays], SourceTenantId = ids[gone] });
            return c.SaveChangesAsync();
        });
        using var client = await server.CreateOperatorClientAsync();

        using (var deleted = await client.DeleteAsync($"/api/platform/tenants/{gone}?confirm={gone}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.False(await server.CatalogAsync(c => c.EscalationPartners.AnyAsync(p => p.TenantId == ids[gone] || p.SourceTenantId == ids[gone])));
        Assert.True(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Id == ids[stays])));
    }

    [Fact]
    public async Task MigrateEveryTenantReportFailuresAndSucceedWhenRunAgain()
    {
        var healthy = await server.SignUpAsync();
        var broken = await server.SignUpAsync();
        var brokenTenant = await server.CatalogAsync(c => c.Tenants.SingleAsync(t => t.Slug == broken));
        await BreakAsync(brokenTenant);

        var output = new StringWriter();
        var failedRun = await PlatformCommands.MigrateAsync(server.Services, ["--parallelism", "3"], output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(1, failedRun);
        Assert.Contains($"{broken}: FAILED", output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{healthy}: up to date", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\[\d+/\d+\]", output.ToString());

        await RepairAsync(brokenTenant);
        var secondOutput = new StringWriter();
        var secondRun = await PlatformCommands.MigrateAsync(server.Services, [], secondOutput, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, secondRun);
        Assert.Contains($"{broken}: up to date", secondOutput.ToString(), StringComparison.Ordinal);
        Assert.Equal(ServerFixture.LatestTenantMigration, await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == broken).Select(t => t.SchemaVersion).SingleAsync()));
    }

    [Theory]
    [InlineData("zero")]
    [InlineData("0")]
    [InlineData("-2")]
    public async Task RefuseABadParallelismWithUsage(string parallelism)
    {
        var error = new StringWriter();

        var exitCode = await PlatformCommands.MigrateAsync(server.Services, ["--parallelism", parallelism], TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains($"not '{parallelism}'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManageTenantsFromTheCommandLine()
    {
        var slug = await server.SignUpAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, await PlatformCommands.TenantsAsync(server.Services, ["suspend", slug], output, error, CancellationToken.None));
        Assert.Equal(0, await PlatformCommands.TenantsAsync(server.Services, ["list"], output, error, CancellationToken.None));
        Assert.Matches($@"{slug}\s+Suspended", output.ToString());
        Assert.Equal(0, await PlatformCommands.TenantsAsync(server.Services, ["resume", slug], output, error, CancellationToken.None));
        Assert.Equal(1, await PlatformCommands.TenantsAsync(server.Services, ["delete", slug], output, error, CancellationToken.None));
        Assert.Contains("Confirm", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await PlatformCommands.TenantsAsync(server.Services, ["delete", slug, "--confirm", slug], output, error, CancellationToken.None));
        Assert.Equal(1, await PlatformCommands.TenantsAsync(server.Services, ["suspend", slug], output, error, CancellationToken.None));
        Assert.Equal(2, await PlatformCommands.TenantsAsync(server.Services, ["frobnicate"], output, error, CancellationToken.None));
    }

    /// <summary>Makes the tenant database unusable: a file that is no database, or a database that refuses connections.</summary>
    private async Task BreakAsync(Tenant tenant)
    {
        if (server.Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = Path.Combine(server.DataDirectory, "tenants", tenant.DatabaseName + ".db");
            File.Move(file, file + ".saved");
            await File.WriteAllTextAsync(file, "this is not a database, but a broken disk");
        }
        else if (server.Provider == DatabaseProvider.SqlServer)
        {
            await SqlServerTestServer.ExecuteOnMasterAsync($"ALTER DATABASE [{tenant.DatabaseName}] SET OFFLINE WITH ROLLBACK IMMEDIATE");
        }
        else
        {
            await ExecuteOnServerAsync($"ALTER DATABASE \"{tenant.DatabaseName}\" WITH ALLOW_CONNECTIONS false");
            await ExecuteOnServerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{tenant.DatabaseName}'");
        }
    }

    private async Task RepairAsync(Tenant tenant)
    {
        if (server.Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = Path.Combine(server.DataDirectory, "tenants", tenant.DatabaseName + ".db");
            File.Move(file + ".saved", file, overwrite: true);
        }
        else if (server.Provider == DatabaseProvider.SqlServer)
        {
            await SqlServerTestServer.ExecuteOnMasterAsync($"ALTER DATABASE [{tenant.DatabaseName}] SET ONLINE");
        }
        else
        {
            await ExecuteOnServerAsync($"ALTER DATABASE \"{tenant.DatabaseName}\" WITH ALLOW_CONNECTIONS true");
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ContactCenter.Testing.PostgresServer.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class PlatformOnSqliteShould(IsolatedSqliteServerFixture server) : PlatformShould<IsolatedSqliteServerFixture>(server);

public sealed class PlatformOnPostgresShould(IsolatedPostgresServerFixture server) : PlatformShould<IsolatedPostgresServerFixture>(server);

public sealed class PlatformOnSqlServerShould(IsolatedSqlServerServerFixture server)
    : PlatformShould<IsolatedSqlServerServerFixture>(server.Required());
