using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Benchmarks.Tenancy;

/// <summary>
/// Load script: provisioning time per tenant over N sign-ups (p50/p95), then <c>migrate</c> over N empty
/// tenant databases. Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- provisioning
/// --provider Sqlite|Postgres [--count 100]</c>; PostgreSQL comes from <c>CC_TEST_POSTGRES</c>.
/// Everything it creates is removed at the end.
/// </summary>
public static class ProvisioningLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(LoadScript.Option(args, "--provider") ?? "Sqlite", ignoreCase: true);
        var count = int.Parse(LoadScript.Option(args, "--count") ?? "100", CultureInfo.InvariantCulture);
        var id = Guid.NewGuid().ToString("N")[..10];
        var folder = Path.Combine(Path.GetTempPath(), "cc-load-" + id);
        var postgres = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES");
        if (provider == DatabaseProvider.Postgres && postgres is null)
        {
            Console.Error.WriteLine("Set CC_TEST_POSTGRES (infra/dev/postgres.sh url) to run on PostgreSQL.");
            return 2;
        }

        ServerContentRoot.Use();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Database:Provider", provider.ToString());
            builder.UseSetting("SignUp:PermitsPerMinute", "1000000");
            builder.UseSetting("Database:DataDirectory", folder);
            if (postgres is not null)
            {
                builder.UseSetting("Database:Postgres:Servers:main", postgres);
                builder.UseSetting("Database:Postgres:Catalog", new NpgsqlConnectionStringBuilder(postgres) { Database = $"cc_load_{id}" }.ConnectionString);
                builder.UseSetting("Database:Postgres:DatabasePrefix", $"cc_load_{id}_");
            }
        });

        try
        {
            using var client = factory.CreateClient();
            await MeasureMigrateAsync(factory.Services, count);

            // One sign-up to warm up JIT and pools; not counted.
            await SignUpAsync(client, $"warm-{id}");

            var timings = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await SignUpAsync(client, $"load-{id}-{i}");
                timings.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            timings.Sort();
            Console.WriteLine($"provider={provider} sign-ups={count} p50={LoadScript.Percentile(timings, 50):F1} ms p95={LoadScript.Percentile(timings, 95):F1} ms " +
                $"min={timings[0]:F1} ms max={timings[^1]:F1} ms");
            return 0;
        }
        finally
        {
            await CleanUpAsync(factory.Services, provider, postgres, id, folder);
        }
    }

    /// <summary>Registers N tenants with empty databases, then times one <c>migrate</c> run over them (and a second, idle run).</summary>
    private static async Task MeasureMigrateAsync(IServiceProvider services, int count)
    {
        var databases = services.GetRequiredService<ITenantDatabases>();
        await using (var scope = services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            for (var i = 0; i < count; i++)
            {
                var tenantId = Guid.CreateVersion7();
                var tenant = new Tenant
                {
                    Id = tenantId,
                    Slug = $"empty-{i}-{tenantId.ToString("N")[^8..]}",
                    Name = "Empty",
                    Status = TenantStatus.Active,
                    DatabaseServer = databases.DefaultServer,
                    DatabaseName = databases.DatabaseNameFor(tenantId),
                };
                catalog.Tenants.Add(tenant);
                await databases.CreateAsync(TenantRecord.From(tenant), CancellationToken.None);
            }

            await catalog.SaveChangesAsync();
        }

        var migrator = services.GetRequiredService<TenantMigrator>();
        foreach (var run in new[] { "schema applied to the empty ones", "nothing left to apply" })
        {
            var stopwatch = Stopwatch.StartNew();
            var results = await migrator.MigrateAllAsync(4, null, CancellationToken.None);
            Console.WriteLine($"migrate over {results.Count} tenant databases ({run}): {stopwatch.Elapsed.TotalSeconds:F2} s, " +
                $"{results.Count(r => !r.Succeeded)} failed, parallelism 4");
        }
    }

    private static async Task SignUpAsync(HttpClient client, string slug)
    {
        using var response = await client.PostAsJsonAsync("/api/signup", new
        {
            companyName = "Load " + slug,
            slug,
            adminEmail = $"admin@{slug}.example",
            adminPassword = "Correct-Horse-9",
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Sign-up {slug} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task CleanUpAsync(IServiceProvider services, DatabaseProvider provider, string? postgres, string id, string folder)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await LoadDatabases.DropPostgresAsync(services, postgres, $"cc_load_{id}");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
