using System.Globalization;
using System.Net;
using ContactCenter.Testing;

namespace ContactCenter.Benchmarks.ScaleOut;

/// <summary>
/// Load script: one server instance behind nginx against two on the same machine, each driven by wrk over many tenants
/// (each request with its tenant's administrator's session): the request list API (<c>/t/&lt;slug&gt;/api/requests</c>)
/// and the inbox page. One deployment of two instances serves every round, so both configurations see the same tenants,
/// databases and caches: for "one", a second nginx sends everything to the first instance (the second stays up, idle
/// and warm); for "two", the deployment's nginx spreads over both. Both instances are warmed up first (<c>--warm-up</c>
/// seconds per target): a freshly started instance needs minutes of traffic before its code is fully compiled, and
/// measured cold it costs twice the CPU per request. Rounds alternate one and two (the machine's drift falls on both),
/// and the medians are compared. With both on the same two cores a second instance adds no capacity; what it shows is
/// the cost of coordination, and that of two processes sharing the cores. <c>--uncoordinated</c> tells the two apart: a
/// second deployment of two instances that tell each other nothing and count rate limits each on its own
/// (<c>Instances:Signals</c> InProcess, <c>Instances:SharedRateLimits</c> false), with tenants of its own, joins every
/// round as a third configuration; the first deployment's two against it is the cost of coordination alone.
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- scale-out [--tenants 50] [--seconds 30]
/// [--rounds 3] [--warm-up 60] [--connections 16] [--pgbouncer] [--no-jobs] [--uncoordinated]</c> (<c>--no-jobs</c>:
/// <c>Jobs:Enabled</c> false on the instances, the web path alone), with <c>CC_TEST_POSTGRES</c> (and optionally
/// <c>CC_TEST_POSTGRES_2</c>) set and nginx and wrk installed (the test command installs them). Everything it creates is
/// removed at the end.
/// </summary>
public static class ScaleOutLoad
{
    private const string One = "one";
    private const string Two = "two";
    private const string TwoUncoordinated = "two uncoordinated";

    private static readonly (string Name, string Suffix)[] Targets = [("api", "/api/requests"), ("inbox", "/inbox")];

    public static async Task<int> RunAsync(string[] args)
    {
        var tenants = int.Parse(LoadScript.Option(args, "--tenants") ?? "50", CultureInfo.InvariantCulture);
        var seconds = int.Parse(LoadScript.Option(args, "--seconds") ?? "30", CultureInfo.InvariantCulture);
        var rounds = int.Parse(LoadScript.Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var connections = int.Parse(LoadScript.Option(args, "--connections") ?? "16", CultureInfo.InvariantCulture);
        var warmUp = int.Parse(LoadScript.Option(args, "--warm-up") ?? "60", CultureInfo.InvariantCulture);
        var pgbouncer = args.Contains("--pgbouncer", StringComparer.Ordinal);
        var jobs = !args.Contains("--no-jobs", StringComparer.Ordinal);
        var compare = args.Contains("--uncoordinated", StringComparer.Ordinal);
        if (Environment.GetEnvironmentVariable("CC_TEST_POSTGRES") is null)
        {
            Console.Error.WriteLine("Set CC_TEST_POSTGRES (infra/dev/postgres.sh url) to run.");
            return 2;
        }

        await using var server = await ScaledOutServer.StartAsync(2, pgbouncer, Settings(jobs, coordinated: true));
        await using var firstOnly = await LoopbackProxies.NginxAsync([server.Instances[0].Port]);
        await using var uncoordinated = compare ? await ScaledOutServer.StartAsync(2, pgbouncer, Settings(jobs, coordinated: false)) : null;
        var targets = await SignUpAsync(server, tenants);
        List<(string Name, Uri Address, List<(string Prefix, string Cookie)> Targets)> configurations =
            [(One, new Uri($"http://127.0.0.1:{firstOnly.Port}/"), targets), (Two, server.Address, targets)];
        if (uncoordinated is not null)
        {
            configurations.Add((TwoUncoordinated, uncoordinated.Address, await SignUpAsync(uncoordinated, tenants)));
        }

        Console.WriteLine($"{tenants} tenants signed up and signed in{(pgbouncer ? ", through pgbouncer" : "")}, jobs {(jobs ? "on" : "off")}; load {LoadScript.MachineLoad()}");
        foreach (var (name, address, served) in configurations.Where(c => c.Name != One))
        {
            foreach (var (_, suffix) in Targets)
            {
                await Wrk.RunAsync(address, served.Select(t => (t.Prefix + suffix, t.Cookie)).ToList(), TimeSpan.FromSeconds(warmUp), connections);
            }
        }

        var results = new Dictionary<(string Configuration, string Target), List<WrkResult>>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (configuration, address, served) in configurations)
            {
                foreach (var (name, suffix) in Targets)
                {
                    var paths = served.Select(t => (t.Prefix + suffix, t.Cookie)).ToList();
                    await Wrk.RunAsync(address, paths, TimeSpan.FromSeconds(10), connections);
                    var result = await Wrk.RunAsync(address, paths, TimeSpan.FromSeconds(seconds), connections);
                    (results.TryGetValue((configuration, name), out var list) ? list : results[(configuration, name)] = []).Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round}, {configuration,-17} {name,-6} {result.RequestsPerSecond,8:F1} requests/s  p50 {result.P50Ms,7:F1} ms  "
                        + $"p99 {result.P99Ms,7:F1} ms  errors {result.SocketErrors + result.NotOk} of {result.Requests}  (load {LoadScript.MachineLoad()})"));
                    foreach (var wrong in result.Output.Split('\n').Where(l => l.StartsWith("answer ", StringComparison.Ordinal)))
                    {
                        Console.WriteLine("    " + wrong);
                    }
                }
            }
        }

        foreach (var (name, _) in Targets)
        {
            var throughput = configurations.ToDictionary(c => c.Name, c => Median(results[(c.Name, name)], r => r.RequestsPerSecond));
            var medians = configurations.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"{c.Name} {throughput[c.Name]:F1} requests/s (p99 {Median(results[(c.Name, name)], r => r.P99Ms):F0} ms)"));
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{name,-6} medians: {string.Join(", ", medians)}: two instances / one {throughput[Two] / throughput[One]:P0} of the throughput");
            if (throughput.TryGetValue(TwoUncoordinated, out var alone))
            {
                line += string.Create(CultureInfo.InvariantCulture,
                    $", uncoordinated / one {alone / throughput[One]:P0}, coordinated / uncoordinated {throughput[Two] / alone:P0}");
            }

            Console.WriteLine(line);
        }

        return results.Values.SelectMany(r => r).All(r => r.SocketErrors + r.NotOk == 0) ? 0 : 1;
    }

    private static Dictionary<string, string> Settings(bool jobs, bool coordinated)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["Jobs:Enabled"] = jobs ? "true" : "false" };
        if (!coordinated)
        {
            settings["Instances:Signals"] = "InProcess";
            settings["Instances:SharedRateLimits"] = "false";
        }

        return settings;
    }

    private static double Median(List<WrkResult> results, Func<WrkResult, double> value)
    {
        var sorted = results.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
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
}
