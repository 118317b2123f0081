using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity;
using ContactCenter.Server.SignUp;
using ContactCenter.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// One live server per provider for the whole assembly: the browser and Node tests sign up tenants of their own.
[assembly: AssemblyFixture(typeof(ContactCenter.EndToEnd.Tests.Support.SqliteLiveServer))]
[assembly: AssemblyFixture(typeof(ContactCenter.EndToEnd.Tests.Support.PostgresLiveServer))]
[assembly: AssemblyFixture(typeof(ContactCenter.EndToEnd.Tests.Support.SqlServerLiveServer))]

namespace ContactCenter.EndToEnd.Tests.Support;

/// <summary>A person the tests sign in as.</summary>
public sealed record TestPerson(Guid Id, string Email, string Password);

/// <summary>
/// The whole server on Kestrel on a free loopback port, so that peers outside the process (Node, Chromium)
/// can reach it, on one database provider with a catalog and tenant databases of its own, dropped at the end.
/// </summary>
public abstract class LiveServerFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Correct-Horse-9";

    private readonly string _id = Guid.NewGuid().ToString("N")[..12];
    private string? _dataDirectory;

    protected LiveServerFixture() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    public abstract DatabaseProvider Provider { get; }

    /// <summary>What the server logged lately (warnings, errors, antiforgery and Data Protection notes), for every test class sharing it.</summary>
    public RecentServerLog Log { get; } = new();

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>; its issuer identifier is this with the path <c>/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public string Issuer => Address.GetLeftPart(UriPartial.Authority) + "/";

    private string DataDirectory => _dataDirectory ??= TestFolders.Create();

    private string CatalogDatabase => $"cc_c{_id}";

    private string DatabasePrefix => $"cc_t{_id}_";

    /// <summary>SQL Server runs only where <c>CC_TEST_SQLSERVER</c> names one; the others always (their absence fails).</summary>
    public bool IsAvailable => Provider != DatabaseProvider.SqlServer || SqlServerTestServer.ConnectionString is not null;

    public ValueTask InitializeAsync()
    {
        if (!IsAvailable)
        {
            return ValueTask.CompletedTask;
        }

        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        Address = new Uri(addresses.Single());
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var database in await PostgresServer.DatabasesAsync(DatabasePrefix))
            {
                await PostgresServer.DropDatabaseAsync(database);
            }

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
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(Log).AddFilter<RecentServerLog>(_ => true));
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("SignUp:PermitsPerMinute", "100000");
        builder.UseSetting("Identity:TokenPermitsPerMinute", "100000");
        builder.UseSetting("Identity:LoginPermitsPerMinute", "100000");
        // Mail from the dev Dovecot and Postfix on loopback (and the image proxy's test web server), fetched every 2 s; accounts
        // written to a tenant are found within 3 s.
        builder.UseSetting("Mail:AllowPrivateHosts", "true");
        builder.UseSetting("Mail:FetchEnabled", "true");
        builder.UseSetting("Mail:FetchInterval", "00:00:02");
        builder.UseSetting("Mail:FetchLease", "00:00:10");
        builder.UseSetting("Mail:DirectorySyncInterval", "00:00:03");
        if (ContactCenter.Testing.TestMailbox.Available)
        {
            builder.UseSetting("Mail:ExtraTrustedCaFile", ContactCenter.Testing.TestMailbox.Services()["CC_MAIL_CA"]);
        }
        if (Provider == DatabaseProvider.Postgres)
        {
            var server = PostgresServer.ConnectionString;
            builder.UseSetting("Database:Postgres:Servers:main", server);
            builder.UseSetting("Database:Postgres:Catalog", new NpgsqlConnectionStringBuilder(server) { Database = CatalogDatabase }.ConnectionString);
            builder.UseSetting("Database:Postgres:DatabasePrefix", DatabasePrefix);
        }
        else if (Provider == DatabaseProvider.SqlServer)
        {
            builder.UseSetting("Database:SqlServer:Servers:main", SqlServerTestServer.RequiredConnectionString);
            builder.UseSetting("Database:SqlServer:Catalog", SqlServerTestServer.ConnectionStringFor(CatalogDatabase));
            builder.UseSetting("Database:SqlServer:DatabasePrefix", DatabasePrefix);
        }
        else
        {
            builder.UseSetting("Database:DataDirectory", DataDirectory);
        }
    }

    /// <summary>An HTTP client over the real socket (not the in-memory test server).</summary>
    public HttpClient Http() => new() { BaseAddress = Address };

    /// <summary>Signs up a tenant through the public sign-up API and returns its slug.</summary>
    public async Task<string> SignUpAsync()
    {
        var slug = $"e-{Guid.NewGuid():N}"[..20];
        using var http = Http();
        using var response = await http.PostAsJsonAsync("/api/signup", new SignUpRequest($"Company {slug}", slug, $"admin@{slug}.example", Password));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Sign-up answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return slug;
    }

    /// <summary>A person who works as an agent for each of <paramref name="tenants"/>.</summary>
    public async Task<TestPerson> CreatePersonAsync(params string[] tenants)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var email = $"p{Guid.NewGuid():N}"[..12] + "@people.example";
        var user = new PlatformUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        foreach (var slug in tenants)
        {
            var tenantId = await catalog.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
            catalog.TenantMemberships.Add(new TenantMembership { TenantId = tenantId, UserId = user.Id, Role = TenantRole.Agent });
        }

        await catalog.SaveChangesAsync();
        return new TestPerson(user.Id, email, Password);
    }

    /// <summary>Registers a public client (PKCE, no secret) for the code flow and refresh tokens.</summary>
    public async Task<string> AddPublicClientAsync(string redirectUri, string? postLogoutRedirectUri = null)
    {
        var clientId = "spa-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>().AddAsync(
            new NewClient(clientId, null, false, [redirectUri], postLogoutRedirectUri is null ? [] : [postLogoutRedirectUri], ["authorization_code", "refresh_token"], null, null, "End-to-end app", FirstParty: true),
            CancellationToken.None);
        return clientId;
    }

    /// <summary>Registers a confidential integration client for client_credentials and returns its generated secret.</summary>
    public async Task<(string ClientId, string Secret)> AddIntegrationClientAsync(string tenant)
    {
        var clientId = "crm-" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = Services.CreateAsyncScope();
        var registered = await scope.ServiceProvider.GetRequiredService<ClientRegistry>().AddAsync(
            new NewClient(clientId, null, true, [], [], ["client_credentials"], null, tenant, "CRM integration"),
            CancellationToken.None);
        return (clientId, registered.GeneratedSecret!);
    }

    /// <summary>Tenant <paramref name="target"/> accepts escalations from <paramref name="source"/>.</summary>
    public async Task AcceptEscalationsAsync(string target, string source)
    {
        await using var scope = Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var ids = await catalog.Tenants.Where(t => t.Slug == target || t.Slug == source).ToDictionaryAsync(t => t.Slug, t => t.Id);
        catalog.EscalationPartners.Add(new EscalationPartner { TenantId = ids[target], SourceTenantId = ids[source] });
        await catalog.SaveChangesAsync();
    }

    /// <summary>Call integration, which the platform operator switches on; the two call tabs appear with it.</summary>
    public async Task EnableCallIntegrationAsync(string slug)
    {
        await using var scope = Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenantId = await catalog.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        await using var db = await Services.GetRequiredService<ContactCenter.Server.Tenancy.TenantDatabaseFactory>().OpenAsync(tenantId);
        Assert.Equal(1, await db.Settings.ExecuteUpdateAsync(s => s.SetProperty(x => x.CallIntegrationEnabled, true)));
    }

    /// <summary>The tenant setting "members may sign in for all their tenants at once".</summary>
    public async Task AllowSignInForAllTenantsAsync(string slug, bool allowed)
    {
        await using var scope = Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var updated = await catalog.Tenants.Where(t => t.Slug == slug)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AllowsSignInForAllTenants, allowed));
        Assert.Equal(1, updated);
    }
}

public static class LiveServerAvailability
{
    /// <summary>Skips the test class being built when its server is not available; returns the fixture otherwise.</summary>
    public static TFixture Required<TFixture>(this TFixture fixture)
        where TFixture : LiveServerFixture
    {
        Assert.SkipUnless(fixture.IsAvailable, SqlServerTestServer.SkipReason ?? "");
        return fixture;
    }
}

public sealed class SqliteLiveServer : LiveServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresLiveServer : LiveServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Started only when <c>CC_TEST_SQLSERVER</c> names a server; its classes pass <c>server.Required()</c>.</summary>
public sealed class SqlServerLiveServer : LiveServerFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}
