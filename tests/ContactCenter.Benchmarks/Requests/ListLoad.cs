using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContactCenter.Benchmarks.Tenancy;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Benchmarks.Requests;

/// <summary>
/// Load script: the request list API and the inbox page with many requests in one tenant. Seeds the tenant with
/// <see cref="RequestSeed"/>, signs the administrator in (cookie, as a browser), then asks each list of a fixed set one
/// after the other and prints p50, p95 and max per list, measured in this process through the in-memory test server
/// (the whole ASP.NET Core pipeline with the database, without sockets).
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- lists --provider Sqlite|Postgres
/// [--requests 100000] [--rounds 50] [--warm-up 10] [--only name,…]</c>; PostgreSQL from <c>CC_TEST_POSTGRES</c>.
/// Everything it creates is removed at the end.
/// </summary>
public static partial class ListLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(LoadScript.Option(args, "--provider") ?? "Sqlite", ignoreCase: true);
        var count = int.Parse(LoadScript.Option(args, "--requests") ?? "100000", CultureInfo.InvariantCulture);
        var rounds = int.Parse(LoadScript.Option(args, "--rounds") ?? "50", CultureInfo.InvariantCulture);
        var warmUp = int.Parse(LoadScript.Option(args, "--warm-up") ?? "10", CultureInfo.InvariantCulture);
        var only = LoadScript.Option(args, "--only")?.Split(',');
        await using var server = BenchmarkServer.Start(provider, "lists");
        if (server is null)
        {
            return 2;
        }

        var factory = server.Factory;
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var slug = $"lists-{server.Id}";
        var tenantId = await server.SignUpAsync(browser, slug, "Lists " + server.Id);

        RequestSeed.Seeded seeded;
        var clock = Stopwatch.StartNew();
        await using (var db = await factory.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId, CancellationToken.None))
        {
            seeded = await RequestSeed.SeedAsync(db, count, CancellationToken.None);
        }

        Console.WriteLine($"seeded provider={provider}: {seeded.Requests} requests, {seeded.Messages} messages, {seeded.TextBytes / 1e6:F0} MB of text in {clock.Elapsed.TotalSeconds:F1} s");

        // The seed writes every message as the ingest does, its text not indexed yet: the lists are measured once the
        // indexer (here in batches of 1,000, beside the server's own recurring runs) has caught up.
        clock.Restart();
        await using (var db = await factory.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId, CancellationToken.None))
        {
            while (await MessageTextIndex.IndexBatchAsync(db, 1000, CancellationToken.None) > 0)
            {
            }

            Console.WriteLine($"indexed the text of {seeded.Messages} messages in {clock.Elapsed.TotalSeconds:F1} s ({seeded.Messages / clock.Elapsed.TotalSeconds:F0} messages/s), "
                + $"{await MessageTextIndex.PendingAsync(db, CancellationToken.None)} left");
            if (provider == DatabaseProvider.Postgres)
            {
                // What autovacuum does after a mass update: here every message changed at once (the ingest's trail
                // behind the indexer is seconds long), leaving the list of unindexed rows full of dead entries and
                // the statistics saying that no text is indexed.
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "RequestMessages" """);
            }
        }

        await SignInAsync(browser, $"admin@{slug}.example", slug);

        var category = seeded.Categories[2];
        var lists = new (string Name, string Url)[]
        {
            ("api default", "api/requests"),
            ("api active by due", "api/requests?status=active&sort=due"),
            ("api category", $"api/requests?status=all&categoryId={category}"),
            ("api active category by due", $"api/requests?status=active&sort=due&categoryId={category}"),
            ("api q rare", $"api/requests?status=all&q={RequestSeed.RareWord.ToUpperInvariant()}"),
            ("api q common", $"api/requests?status=all&q={Uri.EscapeDataString(RequestSeed.CommonWord.ToLowerInvariant())}"),
            ("api q e-mail", $"api/requests?status=all&q={Uri.EscapeDataString(seeded.EmailPart)}"),
            ("api q active", $"api/requests?status=active&sort=due&q={Uri.EscapeDataString(RequestSeed.CommonWord)}"),
            ("inbox", "inbox"),
            ("inbox q", $"inbox?q={Uri.EscapeDataString(RequestSeed.CommonWord)}"),
        };
        foreach (var (name, url) in lists.Where(l => only is null || only.Contains(l.Name, StringComparer.Ordinal)))
        {
            var address = $"/t/{slug}/{url}";
            var total = await TotalAsync(browser, address);
            for (var i = 0; i < warmUp; i++)
            {
                await TimeAsync(browser, address);
            }

            var times = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                times.Add(await TimeAsync(browser, address));
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} total={total,6}  p50={LoadScript.Percentile(times, 50),7:F1} ms  p95={LoadScript.Percentile(times, 95),7:F1} ms  max={times[^1],7:F1} ms  ({rounds} rounds)"));
        }

        return 0;
    }

    private static async Task<double> TimeAsync(HttpClient browser, string address)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await browser.GetAsync(address);
        await response.Content.LoadIntoBufferAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return response.StatusCode == HttpStatusCode.OK ? elapsed : throw new InvalidOperationException($"{address} answered {(int)response.StatusCode}.");
    }

    /// <summary>The list's total: the API's <c>total</c>, the page's <c>data-total</c>.</summary>
    private static async Task<string> TotalAsync(HttpClient browser, string address)
    {
        using var response = await browser.GetAsync(address);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode != HttpStatusCode.OK ? throw new InvalidOperationException($"{address} answered {(int)response.StatusCode}: {body}")
            : TotalPattern().Match(body) is { Success: true } found ? found.Groups[1].Value : "?";
    }

    /// <summary>Signs in at the login page and chooses the tenant, as a person does; the client keeps the cookie.</summary>
    private static async Task SignInAsync(HttpClient browser, string email, string slug)
    {
        await PostFormAsync(browser, "/account/login", new() { ["email"] = email, ["password"] = BenchmarkServer.Password });
        await PostFormAsync(browser, "/account/tenant", new() { ["tenant"] = slug });
    }

    private static async Task PostFormAsync(HttpClient browser, string url, Dictionary<string, string> fields)
    {
        var page = await browser.GetStringAsync(url);
        foreach (var input in InputPattern().Matches(page).Select(m => m.Value).Where(tag => tag.Contains("type=\"hidden\"", StringComparison.Ordinal)))
        {
            var (name, value) = (AttributePattern("name").Match(input), AttributePattern("value").Match(input));
            if (name.Success)
            {
                fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = WebUtility.HtmlDecode(value.Groups[1].Value);
            }
        }

        using var response = await browser.PostAsync(url, new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}.");
        }
    }

    private static Regex AttributePattern(string name) => new($"\\s{name}=\"([^\"]*)\"", RegexOptions.CultureInvariant);

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex("""(?:"total":|data-total=")(\d+)""")]
    private static partial Regex TotalPattern();
}
