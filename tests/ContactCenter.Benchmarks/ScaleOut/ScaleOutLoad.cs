using System.Globalization;
using System.Net;
using ContactCenter.Testing;

namespace ContactCenter.Benchmarks.ScaleOut;

/// <summary>
/// Load script: one server instance behind nginx, then two on the same machine, each driven by wrk over many tenants
/// (each request with its tenant's administrator's session): the request list API (<c>/t/&lt;slug&gt;/api/requests</c>)
/// and the inbox page. Prints requests/s, p50 and p99 per instance count and target, and the ratio of two to one.
/// With both on the same two cores a second instance adds no capacity; what it shows is the cost of coordination.
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- scale-out [--tenants 50] [--seconds 30]
/// [--connections 16] [--pgbouncer]</c>, with <c>CC_TEST_POSTGRES</c> (and optionally <c>CC_TEST_POSTGRES_2</c>) set
/// and nginx and wrk installed (the test command installs them). Everything it creates is removed at the end.
/// </summary>
public static class ScaleOutLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var tenants = int.Parse(Option(args, "--tenants") ?? "50", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Option(args, "--seconds") ?? "30", CultureInfo.InvariantCulture);
        var connections = int.Parse(Option(args, "--connections") ?? "16", CultureInfo.InvariantCulture);
        var pgbouncer = args.Contains("--pgbouncer", StringComparer.Ordinal);
        if (Environment.GetEnvironmentVariable("CC_TEST_POSTGRES") is null)
        {
            Console.Error.WriteLine("Set CC_TEST_POSTGRES (infra/dev/postgres.sh url) to run.");
            return 2;
        }

        var results = new Dictionary<(int Instances, string Target), WrkResult>();
        foreach (var instances in new[] { 1, 2 })
        {
            await using var server = await ScaledOutServer.StartAsync(instances, pgbouncer);
            var targets = await SignUpAsync(server, tenants);
            Console.WriteLine($"{instances} instance(s){(pgbouncer ? " through pgbouncer" : "")}: {tenants} tenants signed up and signed in; load {Load()}");
            foreach (var (name, suffix) in new[] { ("api", "/api/requests"), ("inbox", "/inbox") })
            {
                var paths = targets.Select(t => (t.Prefix + suffix, t.Cookie)).ToList();
                await Wrk.RunAsync(server.Address, paths, TimeSpan.FromSeconds(5), connections);
                var result = await Wrk.RunAsync(server.Address, paths, TimeSpan.FromSeconds(seconds), connections);
                results[(instances, name)] = result;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-6} {result.RequestsPerSecond,8:F1} requests/s  p50 {result.P50Ms,7:F1} ms  p99 {result.P99Ms,7:F1} ms  "
                    + $"errors {result.SocketErrors + result.NotOk} of {result.Requests}  (load {Load()})"));
                foreach (var wrong in result.Output.Split('\n').Where(l => l.StartsWith("answer ", StringComparison.Ordinal)))
                {
                    Console.WriteLine("    " + wrong);
                }
            }
        }

        foreach (var name in new[] { "api", "inbox" })
        {
            var ratio = results[(2, name)].RequestsPerSecond / results[(1, name)].RequestsPerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-6} two instances / one: {ratio:P0} of the throughput"));
        }

        return results.Values.All(r => r.SocketErrors + r.NotOk == 0) ? 0 : 1;
    }

    private static async Task<List<(string Prefix, string Cookie)>> SignUpAsync(ScaledOutServer server, int tenants)
    {
        var slugs = Enumerable.Range(0, tenants).Select(i => $"load{i:D3}-{Guid.NewGuid():N}"[..16]).ToList();
        await Parallel.ForEachAsync(slugs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (slug, _) => await server.SignUpAsync(slug));
        var targets = new List<(string, string)>();
        foreach (var slug in slugs)
        {
            var cookies = new CookieContainer();
            using var browser = ScaledOutServer.Browser(server.Address, cookies);
            await ScaledOutServer.SignInAsync(browser, $"admin@{slug}.example", slug);
            targets.Add(($"/t/{slug}", cookies.GetCookieHeader(server.Address)));
        }

        return targets;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
