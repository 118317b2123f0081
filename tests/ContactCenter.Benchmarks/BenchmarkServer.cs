using System.Net;
using System.Net.Http.Json;
using ContactCenter.Benchmarks.Tenancy;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Benchmarks;

/// <summary>
/// The server of an in-process load script: the whole ASP.NET Core pipeline through the test server, without sockets,
/// with the recurring jobs off. It keeps its files (letters, on SQLite the databases) in a folder of its own in the temp
/// directory; on PostgreSQL (<c>CC_TEST_POSTGRES</c>) it has a catalog and tenant databases of its own. Disposing it
/// drops every database it made and the folder.
/// </summary>
public sealed class BenchmarkServer : IAsyncDisposable
{
    /// <summary>Every administrator's password.</summary>
    public const string Password = "Correct-Horse-9";

    private readonly string? _postgres;
    private readonly string _catalogDatabase;

    private BenchmarkServer(DatabaseProvider provider, string name, string? postgres, IEnumerable<(string Key, string Value)> settings)
    {
        Provider = provider;
        _postgres = postgres;
        Id = Guid.NewGuid().ToString("N")[..10];
        Folder = Path.Combine(Path.GetTempPath(), $"cc-{name}-{Id}");
        Directory.CreateDirectory(Folder);
        _catalogDatabase = $"cc_{name}_{Id}";
        ServerContentRoot.Use();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Database:Provider", provider.ToString());
            builder.UseSetting("Database:DataDirectory", Folder);
            builder.UseSetting("Letters:OutputRoot", Path.Combine(Folder, "letters"));
            builder.UseSetting("Identity:Issuer", "http://localhost");
            builder.UseSetting("SignUp:PermitsPerMinute", "100000");
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("DataProtection:CertificateFile", TestCertificates.DataProtectionFile(Folder));
            if (provider == DatabaseProvider.Postgres)
            {
                builder.UseSetting("Database:Postgres:Servers:main", postgres);
                builder.UseSetting("Database:Postgres:Catalog", new NpgsqlConnectionStringBuilder(postgres) { Database = _catalogDatabase }.ConnectionString);
                builder.UseSetting("Database:Postgres:DatabasePrefix", _catalogDatabase + "_");
            }

            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Ten hex digits that name this run's folder and databases; scripts add it to their slugs.</summary>
    public string Id { get; }

    public string Folder { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>
    /// A server named <paramref name="name"/> (in its folder and databases), with <paramref name="settings"/> on top of the
    /// load scripts' own; null, said on standard error, when PostgreSQL is asked for and <c>CC_TEST_POSTGRES</c> is not set.
    /// </summary>
    public static BenchmarkServer? Start(DatabaseProvider provider, string name, params (string Key, string Value)[] settings)
    {
        var postgres = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES");
        if (provider == DatabaseProvider.Postgres && postgres is null)
        {
            Console.Error.WriteLine("Set CC_TEST_POSTGRES (infra/dev/postgres.sh url) to run on PostgreSQL.");
            return null;
        }

        return new BenchmarkServer(provider, name, postgres, settings);
    }

    /// <summary>Signs a tenant up through the API (administrator <c>admin@&lt;slug&gt;.example</c>); its id.</summary>
    /// <exception cref="InvalidOperationException">The sign-up was refused.</exception>
    public async Task<Guid> SignUpAsync(HttpClient client, string slug, string companyName)
    {
        ArgumentNullException.ThrowIfNull(client);
        using (var response = await client.PostAsJsonAsync("/api/signup", new { companyName, slug, adminEmail = $"admin@{slug}.example", adminPassword = Password }))
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Sign-up answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Provider == DatabaseProvider.Postgres)
            {
                await LoadDatabases.DropPostgresAsync(Services, _postgres, _catalogDatabase);
            }
        }
        finally
        {
            await Factory.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
