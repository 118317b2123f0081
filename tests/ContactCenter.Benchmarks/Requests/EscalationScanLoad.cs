using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ContactCenter.Benchmarks.Tenancy;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Escalation;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Benchmarks.Requests;

/// <summary>
/// Load script: the escalation scan — what the job decides before it moves anything — over many tenants with large
/// backlogs. Signs up the tenants, gives each an escalation rule to a partner (threshold and age such that every
/// tenant is over the threshold and has candidates) and its open requests in bulk SQL, then times whole scans as the
/// job runs them: the catalog's sources, then per tenant its rules, the backlog count and the batch of candidates.
/// Prints the plans of the two queries on the first tenant (they must read the index on (CategoryId, Status, CreatedAt)).
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- escalation-scan --provider Postgres|Sqlite
/// [--tenants 100] [--requests 10000] [--rounds 5]</c>; PostgreSQL from <c>CC_TEST_POSTGRES</c>. Everything it creates is
/// removed at the end.
/// </summary>
public static class EscalationScanLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(LoadScript.Option(args, "--provider") ?? "Postgres", ignoreCase: true);
        var tenants = int.Parse(LoadScript.Option(args, "--tenants") ?? "100", CultureInfo.InvariantCulture);
        var requests = int.Parse(LoadScript.Option(args, "--requests") ?? "10000", CultureInfo.InvariantCulture);
        var rounds = int.Parse(LoadScript.Option(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        await using var server = BenchmarkServer.Start(provider, "esc");
        if (server is null)
        {
            return 2;
        }

        var factory = server.Factory;
        using var client = factory.CreateClient();
        var clock = Stopwatch.StartNew();
        var ids = new List<Guid>();
        for (var i = 0; i < tenants; i++)
        {
            ids.Add(await server.SignUpAsync(client, $"esc{i}-{server.Id}", "Escalation " + i));
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            // Each tenant escalates to the next one (the last to the first).
            catalog.EscalationPartners.AddRange(ids.Select((tenant, i) => new EscalationPartner { TenantId = ids[(i + 1) % ids.Count], SourceTenantId = tenant }));
            await catalog.SaveChangesAsync();
        }

        Console.WriteLine($"signed up {tenants} tenants in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var databases = factory.Services.GetRequiredService<TenantDatabaseFactory>();
        for (var i = 0; i < ids.Count; i++)
        {
            await using var db = await databases.OpenAsync(ids[i]);
            await SeedAsync(db, ids[(i + 1) % ids.Count], requests);
        }

        Console.WriteLine($"seeded provider={provider}: {tenants} × {requests} requests in {clock.Elapsed.TotalSeconds:F1} s");
        await using (var first = await databases.OpenAsync(ids[0]))
        {
            await ExplainAsync(first, provider);
        }

        var settings = factory.Services.GetRequiredService<EscalationSettings>();
        var times = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            clock.Restart();
            var (scanned, due) = await ScanAsync(factory.Services, settings.BatchSize);
            var elapsed = clock.Elapsed.TotalSeconds;
            if (round > 0)
            {
                times.Add(elapsed);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(round == 0 ? "warm-up" : "scan " + round),-8} {scanned} tenants, {due} requests due (batch {settings.BatchSize} per category) in {elapsed:F2} s"));
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scan over {tenants} × {requests}: median {times[times.Count / 2]:F2} s, max {times[^1]:F2} s ({rounds} rounds)"));
        return 0;
    }

    /// <summary>What the job does before it moves: the sources from the catalog, then per tenant its rules and each rule's due requests.</summary>
    private static async Task<(int Tenants, int Due)> ScanAsync(IServiceProvider services, int batchSize)
    {
        await using var scope = services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var databases = scope.ServiceProvider.GetRequiredService<TenantDatabaseFactory>();
        var sources = await catalog.EscalationPartners.AsNoTracking()
            .Where(p => p.Tenant!.Status == TenantStatus.Active && p.SourceTenant!.Status == TenantStatus.Active)
            .Select(p => p.SourceTenantId).Distinct().ToListAsync();
        var due = 0;
        foreach (var source in sources)
        {
            await using var db = await databases.OpenAsync(source);
            foreach (var rule in await EscalationScan.RulesAsync(db, CancellationToken.None))
            {
                due += (await EscalationScan.DueAsync(db, rule, DateTime.UtcNow, batchSize, CancellationToken.None)).Count;
            }
        }

        return (sources.Count, due);
    }

    /// <summary>
    /// The rule (threshold a tenth of the requests, 24 hours) on the default category, and the open requests in one INSERT …
    /// SELECT: spread over the last six days, half in the default category and a quarter in each of two others, a tenth
    /// waiting or closed (those in the other two).
    /// </summary>
    private static async Task SeedAsync(TenantDbContext db, Guid partner, int requests)
    {
        var category = await db.Categories.Where(c => c.IsDefault).SingleAsync();
        db.CategoryProfiles.Add(new CategoryProfile
        {
            Id = category.Id, EscalationBacklogThreshold = requests / 10, EscalationDeadlineHours = 24, EscalationTargetTenantId = partner,
            EscalationTargetCategoryId = Guid.NewGuid(),
        });
        var others = new[] { new Category { AgentGroupId = category.AgentGroupId, Name = "Billing" }, new Category { AgentGroupId = category.AgentGroupId, Name = "Returns" } };
        db.Categories.AddRange(others);
        await db.SaveChangesAsync();
        var now = DateTime.UtcNow;
        if (db.Database.IsSqlite())
        {
            await SeedSqliteAsync(db, category.Id, others[0].Id, others[1].Id, now, requests);
            return;
        }

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Requests" ("Id", "Number", "Token", "Subject", "Status", "Priority", "CategoryId", "CreatedAt", "UpdatedAt", "MessageCount")
            SELECT gen_random_uuid(), n, substr(md5(n::text || {partner}::text), 1, 16), 'Request ' || n,
                   CASE WHEN n % 20 = 0 THEN 'Waiting' WHEN n % 20 = 1 THEN 'Closed' ELSE 'Open' END, 'Normal',
                   CASE n % 4 WHEN 0 THEN {others[0].Id} WHEN 1 THEN {others[1].Id} ELSE {category.Id} END,
                   {now} - (n * interval '1 second' * 518400 / {requests}), {now}, 1
            FROM generate_series(1, {requests}) AS n
            """);
        await db.Database.ExecuteSqlAsync($"""UPDATE "RequestCounters" SET "Last" = {(long)requests}""");
        // As autovacuum leaves a table that has settled: statistics, and the visibility map index-only scans rely on.
        await db.Database.ExecuteSqlRawAsync("""VACUUM (ANALYZE) "Requests" """);
    }

    /// <summary>The same rows on SQLite: ids and tokens from randomblob, times as EF writes them (text, UTC).</summary>
    private static async Task SeedSqliteAsync(TenantDbContext db, Guid category, Guid billing, Guid returns, DateTime now, int requests)
    {
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < {requests})
            INSERT INTO "Requests" ("Id", "Number", "Token", "Subject", "Status", "Priority", "CategoryId", "CreatedAt", "UpdatedAt", "MessageCount")
            SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
                   n, lower(hex(randomblob(8))), 'Request ' || n,
                   CASE WHEN n % 20 = 0 THEN 'Waiting' WHEN n % 20 = 1 THEN 'Closed' ELSE 'Open' END, 'Normal',
                   CASE n % 4 WHEN 0 THEN {billing} WHEN 1 THEN {returns} ELSE {category} END,
                   strftime('%Y-%m-%d %H:%M:%f', {now}, '-' || (n * 518400 / {requests}) || ' seconds'), {now}, 1
            FROM n
            """);
        await db.Database.ExecuteSqlAsync($"""UPDATE "RequestCounters" SET "Last" = {(long)requests}""");
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    /// <summary>The plans of the backlog count and the candidates query (as EF writes them) on one tenant.</summary>
    private static async Task ExplainAsync(TenantDbContext db, DatabaseProvider provider)
    {
        var rule = (await EscalationScan.RulesAsync(db, CancellationToken.None))[0];
        var queries = new (string, IQueryable)[]
        {
            ("backlog count", EscalationScan.Backlog(db, rule)),
            ("candidates", EscalationScan.Candidates(db, rule, DateTime.UtcNow, 100)),
        };
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var (name, query) in queries)
        {
            await using var command = query.CreateDbCommand();
            command.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ") + command.CommandText;
            await using var reader = await command.ExecuteReaderAsync();
            Console.WriteLine($"plan of the {name}:");
            while (await reader.ReadAsync())
            {
                Console.WriteLine("  " + reader.GetValue(reader.FieldCount - 1));
            }
        }

        await connection.CloseAsync();
    }
}
