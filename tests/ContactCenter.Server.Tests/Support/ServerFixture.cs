using System.Net.Http.Json;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.SignUp;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tenancy.Provisioning;
using ContactCenter.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

// One server per provider for the whole assembly: test classes share it and stay apart by signing up tenants of their own.
[assembly: AssemblyFixture(typeof(ContactCenter.Server.Tests.Support.SqliteServerFixture))]
[assembly: AssemblyFixture(typeof(ContactCenter.Server.Tests.Support.PostgresServerFixture))]
[assembly: AssemblyFixture(typeof(ContactCenter.Server.Tests.Support.SqlServerServerFixture))]

namespace ContactCenter.Server.Tests.Support;

/// <summary>
/// The whole server on one provider, with a catalog and tenant databases of its own (a temporary folder
/// for SQLite, uniquely named databases on the test cluster for PostgreSQL or on the SQL Server <c>CC_TEST_SQLSERVER</c>
/// names), dropped at the end.
/// </summary>
public abstract class ServerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string BaseDomain = "contactcenter.test";

    /// <summary>The bearer token a Prometheus scraper of the test servers holds (<c>Metrics:Token</c>).</summary>
    public const string MetricsToken = "scraper-7f3b2c9e41d8a6b5";

    private readonly string _id;
    private readonly bool _ownsDatabases;
    private string? _dataDirectory;

    protected ServerFixture()
    {
        _id = Guid.NewGuid().ToString("N")[..12];
        _ownsDatabases = true;
    }

    /// <summary>A second instance of <paramref name="first"/>'s server: the same catalog and tenant databases, which the first drops.</summary>
    protected ServerFixture(ServerFixture first)
    {
        _id = first._id;
        _dataDirectory = first.DataDirectory;
        _ownsDatabases = false;
    }

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The server's clock; tests move it forward to reach expiry.</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>Fails provisioning at a chosen step for a chosen slug.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Tenant databases of this fixture on PostgreSQL and SQL Server all start with this.</summary>
    public string DatabasePrefix => $"cc_t{_id}_";

    public string DataDirectory => _dataDirectory ??= TestFolders.Create();

    /// <summary>Starts the server before any test class asks for a client: classes share it and ask at once.</summary>
    public ValueTask InitializeAsync()
    {
        if (IsAvailable)
        {
            StartServer();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>SQL Server runs only where <c>CC_TEST_SQLSERVER</c> names one; the others always (their absence fails).</summary>
    public bool IsAvailable => Provider != DatabaseProvider.SqlServer || SqlServerTestServer.ConnectionString is not null;



    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (!_ownsDatabases)
        {
            return;
        }

        if (Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            // Hundreds of tenants by now; every DROP DATABASE waits for a checkpoint, and drops running side by side share one.
            await Parallel.ForEachAsync(await PostgresServer.DatabasesAsync(DatabasePrefix), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (database, _) => await PostgresServer.DropDatabaseAsync(database));

            await PostgresServer.DropDatabaseAsync(CatalogDatabase);
        }
        else if (Provider == DatabaseProvider.SqlServer)
        {
            if (IsAvailable)
            {
                foreach (var database in await SqlServerTestServer.DatabasesAsync(DatabasePrefix))
                {
                    await SqlServerTestServer.DropDatabaseAsync(database);
                }

                await SqlServerTestServer.DropDatabaseAsync(CatalogDatabase);
            }
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }

    private string CatalogDatabase => $"cc_c{_id}";

    private string CatalogConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = CatalogDatabase }.ConnectionString;

    /// <summary>What the server's code logs in the test assembly's own job classes, with the scopes it logged in.</summary>
    public LogRecorder Logs { get; } = new("ContactCenter.Server.Tests");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("SignUp:PermitsPerMinute", "100000");
        builder.UseSetting("Tenancy:BaseDomain", BaseDomain);
        if (Provider == DatabaseProvider.Postgres)
        {
            var server = PostgresServer.ConnectionString;
            builder.UseSetting("Database:Postgres:Servers:main", server);
            builder.UseSetting("Database:Postgres:Catalog", CatalogConnectionString);
            builder.UseSetting("Database:Postgres:DatabasePrefix", DatabasePrefix);
        }
        else if (Provider == DatabaseProvider.SqlServer)
        {
            var server = SqlServerTestServer.RequiredConnectionString;
            builder.UseSetting("Database:SqlServer:Servers:main", server);
            builder.UseSetting("Database:SqlServer:Catalog", SqlServerTestServer.ConnectionStringFor(CatalogDatabase));
            builder.UseSetting("Database:SqlServer:DatabasePrefix", DatabasePrefix);
        }
        else
        {
            builder.UseSetting("Database:DataDirectory", DataDirectory);
        }

        builder.UseSetting("Identity:Issuer", "http://localhost");
        builder.UseSetting("DataProtection:CertificateFile", ContactCenter.Testing.TestCertificates.DataProtectionFile(DataDirectory));
        if (DevMailServices.Available)
        {
            builder.UseSetting("PlatformMail:Host", DevMailServices.Get("CC_MAIL_HOST"));
            builder.UseSetting("PlatformMail:Port", DevMailServices.Get("CC_MAIL_SUBMISSION_PORT"));
            builder.UseSetting("PlatformMail:Security", "StartTls");
            builder.UseSetting("PlatformMail:UserName", $"{DevMailServices.User}@cc.test");
            builder.UseSetting("PlatformMail:Password", DevMailServices.Password);
            builder.UseSetting("PlatformMail:From", $"{DevMailServices.User}@cc.test");
            builder.UseSetting("PlatformMail:ExtraTrustedCaFile", DevMailServices.Get("CC_MAIL_CA"));
            builder.UseSetting("Mail:ExtraTrustedCaFile", DevMailServices.Get("CC_MAIL_CA"));
        }

        // The local Dovecot and Postfix listen on loopback, which tenants' mail accounts may not name in production.
        builder.UseSetting("Mail:AllowPrivateHosts", "true");
        // A proxy range no test client comes from unless it says so (HostShould sets the remote address).
        builder.UseSetting("Hosting:TrustedProxies:0", "10.9.8.0/24");
        // Dozens of test hosts run job servers side by side; two workers each are plenty for the tests' jobs.
        builder.UseSetting("Jobs:WorkerCount", "2");
        // Only the fetch cycle's own hosts fetch mail: elsewhere accounts are configuration under test, and a cycle
        // would write their fetch status and take mail from the shared dev mailboxes.
        builder.UseSetting("Mail:FetchEnabled", "false");
        builder.UseSetting("Identity:TokenPermitsPerMinute", "100000");
        builder.UseSetting("Identity:LoginPermitsPerMinute", "100000");
        builder.UseSetting("Metrics:Token", MetricsToken);
        builder.ConfigureServices(services =>
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IProvisioningObserver>(Faults));
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        });
    }

    /// <summary>
    /// The configuration a server of its own process needs to run on this fixture's catalog and tenant databases with
    /// its Data Protection keys (see <see cref="ContactCenter.Testing.ServerProcess"/>); callers add what they test.
    /// </summary>
    public Dictionary<string, string> ProcessSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database:Provider"] = Provider.ToString(),
            ["Tenancy:BaseDomain"] = BaseDomain,
            ["Identity:Issuer"] = "http://localhost",
            ["DataProtection:CertificateFile"] = ContactCenter.Testing.TestCertificates.DataProtectionFile(DataDirectory),
            ["Mail:AllowPrivateHosts"] = "true",
            ["Jobs:WorkerCount"] = "2",
        };
        if (Provider == DatabaseProvider.Postgres)
        {
            settings["Database:Postgres:Servers:main"] = PostgresServer.ConnectionString;
            settings["Database:Postgres:Catalog"] = CatalogConnectionString;
            settings["Database:Postgres:DatabasePrefix"] = DatabasePrefix;
        }
        else if (Provider == DatabaseProvider.Sqlite)
        {
            settings["Database:DataDirectory"] = DataDirectory;
        }
        else
        {
            throw new NotSupportedException("Server processes run on PostgreSQL and SQLite.");
        }

        if (DevMailServices.Available)
        {
            settings["Mail:ExtraTrustedCaFile"] = DevMailServices.Get("CC_MAIL_CA");
        }

        return settings;
    }

    private readonly SemaphoreSlim _operatorGate = new(1, 1);
    private string? _operatorToken;
    private DateTimeOffset _operatorTokenIssuedAt;

    /// <summary>
    /// Access tokens live 15 minutes (<c>Identity:Provider:AccessTokenLifetime</c>) and a fixture outlives that in a full
    /// run: the operator's token is taken again once it is this old.
    /// </summary>
    private static readonly TimeSpan OperatorTokenReuse = TimeSpan.FromMinutes(10);

    /// <summary>A client carrying the access token of a platform operator (signed in through the provider, once per fixture).</summary>
    public async Task<HttpClient> CreateOperatorClientAsync()
    {
        await _operatorGate.WaitAsync();
        try
        {
            if (_operatorToken is null || DateTimeOffset.UtcNow - _operatorTokenIssuedAt > OperatorTokenReuse)
            {
                _operatorTokenIssuedAt = DateTimeOffset.UtcNow;
                _operatorToken = await SignInOperatorAsync();
            }
        }
        finally
        {
            _operatorGate.Release();
        }

        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _operatorToken);
        return client;
    }

    private async Task<string> SignInOperatorAsync()
    {
        var email = $"operator-{_id}@platform.example";
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ContactCenter.Server.Platform.PlatformOperators>().AddAsync(email, OidcDriver.Password);
        }

        var oidc = new OidcDriver(this);
        var clientId = await oidc.AddPublicClientAsync();
        var pkce = Pkce.Create();
        using var browser = oidc.Browser();
        var person = new TestPerson(Guid.Empty, email, OidcDriver.Password);
        var code = (await OidcDriver.AuthorizeAsync(browser, OidcDriver.AuthorizeUrl(clientId, pkce), person))["code"];
        return (await oidc.ExchangeCodeAsync(clientId, code, pkce)).GetProperty("access_token").GetString()!;
    }

    private TableReset? _jobTables;

    /// <summary>
    /// Empties the server's job tables (Hangfire's schema in the catalog, or its own SQLite file) and schedules the
    /// recurring jobs again, as a fresh start would. Kept: the schema version, the running job servers and their locks.
    /// </summary>
    public async Task ResetJobsAsync()
    {
        _jobTables ??= Provider == DatabaseProvider.Postgres
            ? new TableReset(Provider, CatalogConnectionString, "hangfire", "schema", "server", "lock")
            : new TableReset(Provider, $"Data Source={Path.Combine(DataDirectory, "jobs.db")};Pooling=False", null, "Server", "DistributedLock");
        await _jobTables.ResetAsync();
        Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ContactCenter.Server.Jobs.RecurringJobRegistration>().Single()
            .Register();
    }

    /// <summary>Signs up a tenant with a fresh slug and returns its slug.</summary>
    public async Task<string> SignUpAsync(string? slug = null)
    {
        slug ??= NewSlug();
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/signup", NewSignUp(slug));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return slug;
    }

    /// <summary>The newest tenant migration: what every tenant database is at after provisioning or <c>migrate</c>.</summary>
    public static string LatestTenantMigration { get; } = typeof(ContactCenter.Migrations.Tenant.CreateTenant).Assembly.GetTypes()
        .Where(type => type.Namespace == typeof(ContactCenter.Migrations.Tenant.CreateTenant).Namespace)
        .SelectMany(type => System.Reflection.CustomAttributeExtensions.GetCustomAttributes<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>(type))
        .Select(migration => migration.Id)
        .Max(StringComparer.Ordinal)!;

    public static string NewSlug(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static SignUpRequest NewSignUp(string slug) =>
        new($"Company {slug}", slug, $"admin@{slug}.example", "Correct-Horse-9");

    /// <summary>Runs <paramref name="work"/> against the catalog.</summary>
    public async Task<T> CatalogAsync<T>(Func<CatalogDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
    }

    /// <summary>Runs <paramref name="work"/> against one tenant's database, opened through the factory background code uses.</summary>
    public async Task<T> TenantAsync<T>(Guid tenantId, Func<TenantDbContext, Task<T>> work)
    {
        await using var db = await Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId);
        return await work(db);
    }

    /// <summary>Whether the tenant database with that name exists (a file for SQLite, a database on a server).</summary>
    public async Task<bool> TenantDatabaseExistsAsync(string databaseName) =>
        Provider switch
        {
            DatabaseProvider.Sqlite => File.Exists(Path.Combine(DataDirectory, "tenants", databaseName + ".db")),
            DatabaseProvider.SqlServer => (await SqlServerTestServer.DatabasesAsync(databaseName)).Contains(databaseName),
            _ => (await PostgresServer.DatabasesAsync(databaseName)).Contains(databaseName),
        };

    /// <summary>Every tenant database this fixture has on disk or on the server.</summary>
    public async Task<IReadOnlyList<string>> TenantDatabasesAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            return await PostgresServer.DatabasesAsync(DatabasePrefix);
        }

        if (Provider == DatabaseProvider.SqlServer)
        {
            return await SqlServerTestServer.DatabasesAsync(DatabasePrefix);
        }

        var folder = Path.Combine(DataDirectory, "tenants");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.db").Select(f => Path.GetFileNameWithoutExtension(f)).Order().ToList()
            : [];
    }
}

public static class ServerFixtureAvailability
{
    /// <summary>Skips the test class being built when its server is not available; returns the fixture otherwise.</summary>
    public static TFixture Required<TFixture>(this TFixture fixture)
        where TFixture : ServerFixture
    {
        Assert.SkipUnless(fixture.IsAvailable, SqlServerTestServer.SkipReason ?? "");
        return fixture;
    }
}

/// <summary>The SQLite server every test class of the assembly shares.</summary>
public sealed class SqliteServerFixture : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>The PostgreSQL server every test class of the assembly shares.</summary>
public sealed class PostgresServerFixture : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// The SQL Server server every test class of the assembly shares; started only when <c>CC_TEST_SQLSERVER</c> names a
/// server, otherwise its classes skip (their constructors pass <c>server.Required()</c>).
/// </summary>
public sealed class SqlServerServerFixture : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}

/// <summary>
/// A SQLite server of one test class alone (a class fixture), for tests that would disturb or be disturbed by the
/// others: they move the clock, inject provisioning faults, or look at every tenant and database of the server.
/// </summary>
public sealed class IsolatedSqliteServerFixture : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>The PostgreSQL counterpart of <see cref="IsolatedSqliteServerFixture"/>.</summary>
public sealed class IsolatedPostgresServerFixture : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>The SQL Server counterpart of <see cref="IsolatedSqliteServerFixture"/>.</summary>
public sealed class IsolatedSqlServerServerFixture : ServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}

/// <summary>Throws at one provisioning step for one slug, as a crash or a full disk would.</summary>
public sealed class FaultInjector : IProvisioningObserver
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ProvisioningStep> _faults = new();

    public void FailAt(string slug, ProvisioningStep step) => _faults[slug] = step;

    public ValueTask StepStartingAsync(ProvisioningStep provisioningStep, TenantRecord tenant, CancellationToken cancellationToken) =>
        _faults.TryGetValue(tenant.Slug, out var failing) && failing == provisioningStep
            ? throw new InjectedFaultException(provisioningStep)
            : ValueTask.CompletedTask;
}

public sealed class InjectedFaultException(ProvisioningStep step) : Exception($"Injected fault at {step}.");
