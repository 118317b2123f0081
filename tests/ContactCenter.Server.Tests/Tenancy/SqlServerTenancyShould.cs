using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContactCenter.Server.Tests.Tenancy;

/// <summary>
/// How <c>Database:SqlServer</c> becomes the catalog's and the tenants' connections, checked without a server (none runs
/// here; the SQL Server suites run the rest where <c>CC_TEST_SQLSERVER</c> is set). Nothing here opens a connection.
/// </summary>
public sealed class SqlServerTenancyShould
{
    private const string Main = "Server=sql-main.example;User ID=cc;Password=secret;Encrypt=True";
    private const string Second = "Server=sql-second.example;User ID=cc;Password=secret;Encrypt=True";

    [Fact]
    public void CreateTenantDatabasesOnTheNamedServersWithTheirOwnSmallPool()
    {
        using var host = Host(new()
        {
            ["Database:SqlServer:Servers:main"] = Main,
            ["Database:SqlServer:Servers:second"] = Second,
            ["Database:SqlServer:DatabasePrefix"] = "acme_",
            ["Database:SqlServer:MaxPoolSizePerTenant"] = "4",
        });
        var databases = Assert.IsType<SqlServerTenantDatabases>(host.Services.GetRequiredService<ITenantDatabases>());
        var id = Guid.CreateVersion7();

        Assert.Equal("main", databases.DefaultServer);
        Assert.Equal("acme_" + id.ToString("N"), databases.DatabaseNameFor(id));
        using var db = databases.Open(new TenantRecord(id, "acme", "ACME", TenantStatus.Active, "second", "acme_db"));
        var connection = new SqlConnectionStringBuilder(db.Database.GetConnectionString());
        Assert.Equal(("sql-second.example", "acme_db", 4, 0), (connection.DataSource, connection.InitialCatalog, connection.MaxPoolSize, connection.MinPoolSize));
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
    }

    [Fact]
    public void PutTheCatalogOnTheDefaultServerUnlessItIsNamed()
    {
        using (var derived = Host(new() { ["Database:SqlServer:Servers:main"] = Main }))
        {
            var catalog = new SqlConnectionStringBuilder(CatalogConnectionString(derived));
            Assert.Equal(("sql-main.example", "contactcenter_catalog"), (catalog.DataSource, catalog.InitialCatalog));
        }

        const string named = "Server=sql-catalog.example;Database=cc_catalog;User ID=cc;Password=secret";
        using var configured = Host(new() { ["Database:SqlServer:Catalog"] = named, ["Database:SqlServer:Servers:main"] = Main });
        var catalogOnItsServer = new SqlConnectionStringBuilder(CatalogConnectionString(configured));
        Assert.Equal(("sql-catalog.example", "cc_catalog"), (catalogOnItsServer.DataSource, catalogOnItsServer.InitialCatalog));
    }

    [Fact]
    public void SayWhichKeyIsMissing()
    {
        var noServer = Assert.Throws<InvalidOperationException>(() => Host(new()));
        Assert.Contains("Database:SqlServer:Catalog", noServer.Message, StringComparison.Ordinal);
        Assert.Contains("Database:SqlServer:Servers:main", noServer.Message, StringComparison.Ordinal);

        using var host = Host(new() { ["Database:SqlServer:Servers:main"] = Main });
        var databases = host.Services.GetRequiredService<ITenantDatabases>();
        var unknown = Assert.Throws<InvalidOperationException>(() =>
            databases.Open(new TenantRecord(Guid.NewGuid(), "x", "X", TenantStatus.Active, "gone", "x_db")));
        Assert.Contains("Database:SqlServer:Servers:gone", unknown.Message, StringComparison.Ordinal);
    }

    private static string CatalogConnectionString(IHost host)
    {
        using var scope = host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Database.GetConnectionString()!;
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        // Staging: in Production the server would first ask for the Data Protection certificate (tested on its own), and
        // Development would validate every registration, of features this host does not add.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Staging });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Database:Provider"] = "SqlServer";
        builder.AddTenancy();
        return builder.Build();
    }
}
