using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Testing;

namespace ContactCenter.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Two server processes behind nginx, reaching PostgreSQL through pgbouncer in transaction mode (so they hear each
/// other's changes by polling the catalog), new tenants spread over both dev clusters: a sign-in made on one instance
/// holds on the other, an instance killed loses no write it acknowledged, 200 tenants signed up through both spread
/// evenly over the two servers, and wrk across 100 of them for a minute (<c>CC_SCALEOUT_SECONDS</c>) meets no error.
/// </summary>
public sealed class InstancesBehindNginxShould(InstancesBehindNginxShould.Cluster cluster) : IClassFixture<InstancesBehindNginxShould.Cluster>
{
    [Fact]
    public async Task KeepASignInAcrossInstancesAndEveryAcknowledgedWriteWhenOneDies()
    {
        var server = cluster.Server;
        var slug = ServerSlug("keep");
        await server.SignUpAsync(slug);
        var cookies = new CookieContainer();
        using (var first = ScaledOutServer.Browser(server.Instances[0].BaseAddress, cookies))
        {
            await ScaledOutServer.SignInAsync(first, $"admin@{slug}.example", slug);
        }

        // The cookie the first instance issued opens the tenant's API and pages on the second.
        using var second = ScaledOutServer.Browser(server.Instances[1].BaseAddress, cookies);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"t/{slug}/api/text-blocks", TestContext.Current.CancellationToken)).StatusCode);
        var token = await ScaledOutServer.AntiforgeryTokenAsync(second, $"t/{slug}/admin/text-blocks");

        // Writes through nginx; the first instance is killed halfway.
        using var proxy = ScaledOutServer.Browser(server.Address, cookies);
        proxy.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        var acknowledged = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            if (i == 30)
            {
                await server.Instances[0].KillAsync();
            }

            var name = $"Block {i:D2}";
            try
            {
                using var response = await proxy.PostAsJsonAsync($"t/{slug}/api/text-blocks", new { name, body = "Kept " + i, channel = "Email" }, TestContext.Current.CancellationToken);
                (response.IsSuccessStatusCode ? acknowledged : refused).Add($"{name}: {(int)response.StatusCode}");
            }
            catch (HttpRequestException lost)
            {
                refused.Add($"{name}: {lost.Message}");
            }
        }

        await server.Instances[0].StartAsync();
        using var listing = await proxy.GetAsync($"t/{slug}/api/text-blocks", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        var stored = (await listing.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).EnumerateArray()
            .Select(b => b.GetProperty("name").GetString()!).Where(n => n.StartsWith("Block ", StringComparison.Ordinal)).ToList();
        var expected = acknowledged.Select(a => a[..a.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.All(expected, name => Assert.Contains(name, stored));
        Assert.Equal(stored.Count, stored.Distinct().Count());
        // nginx passes a request that could not reach the dead instance to the living one: at most the few in flight fail.
        Assert.True(acknowledged.Count >= 55, $"Only {acknowledged.Count} of 60 writes were acknowledged; refused: {string.Join("; ", refused)}");
    }

    [Fact]
    public async Task SpreadTwoHundredTenantsAndServeOneHundredThroughNginxWithoutAnError()
    {
        var server = cluster.Server;
        Assert.True(server.DatabaseServers.Count == 2, "Two PostgreSQL clusters are needed: the test command starts the second as CC_TEST_POSTGRES_2.");
        var slugs = Enumerable.Range(0, 200).Select(i => ServerSlug($"w{i:D3}")).ToList();
        await Parallel.ForEachAsync(slugs, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (slug, _) => await server.SignUpAsync(slug));
        var placement = await server.PlacementAsync();
        foreach (var name in server.DatabaseServers)
        {
            // least-tenants: the servers take turns (sign-ups at once may both pick the emptier one).
            Assert.InRange(slugs.Count(s => placement[s] == name), 200 / server.DatabaseServers.Count - 10, 200 / server.DatabaseServers.Count + 10);
        }

        var targets = new List<(string Path, string Cookie)>();
        foreach (var slug in slugs.Take(100))
        {
            var cookies = new CookieContainer();
            using var browser = ScaledOutServer.Browser(server.Address, cookies);
            await ScaledOutServer.SignInAsync(browser, $"admin@{slug}.example", slug);
            var cookie = cookies.GetCookieHeader(server.Address);
            targets.Add(($"/t/{slug}/api/requests", cookie));
            targets.Add(($"/t/{slug}/inbox", cookie));
        }

        var seconds = int.TryParse(Environment.GetEnvironmentVariable("CC_SCALEOUT_SECONDS"), out var configured) ? configured : 60;
        var result = await Wrk.RunAsync(server.Address, targets, TimeSpan.FromSeconds(seconds), connections: 16);
        TestContext.Current.TestOutputHelper?.WriteLine(result.Output);

        Assert.True(result.Requests > 0, result.Output);
        Assert.True(result.SocketErrors == 0 && result.NotOk == 0, $"{result.Output}\n{server.LogTails()}");
    }

    private static string ServerSlug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    /// <summary>The two instances, nginx and pgbouncer, shared by the tests of the class.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private ScaledOutServer? _server;

        public ScaledOutServer Server => _server ?? throw new InvalidOperationException("The cluster did not start.");

        public async ValueTask InitializeAsync() => _server = await ScaledOutServer.StartAsync(2, throughPgbouncer: true);

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
