using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Benchmarks.Identity;

/// <summary>
/// Load script: token endpoint throughput (client_credentials) and latency percentiles, against the server
/// on a real loopback socket (Kestrel), with the load generator in this process.
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- tokens [--seconds 20] [--concurrency 32] [--warmup 60]</c>
/// (the JIT keeps compiling for about 50 s on two cores, hence the minute of warm-up).
/// </summary>
public static class TokenLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = int.Parse(LoadScript.Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(LoadScript.Option(args, "--concurrency") ?? "32", CultureInfo.InvariantCulture);
        var warmup = int.Parse(LoadScript.Option(args, "--warmup") ?? "60", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), "cc-tokens-" + Guid.NewGuid().ToString("N")[..10]);
        ServerContentRoot.Use();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Database:DataDirectory", folder);
            builder.UseSetting("Identity:TokenPermitsPerMinute", "100000000");
            builder.UseSetting("Identity:Issuer", "http://127.0.0.1");
        });
        factory.UseKestrel(0);
        factory.StartServer();
        try
        {
            var address = new Uri(factory.ClientOptions.BaseAddress.ToString());
            RegisteredClient registered;
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                registered = await scope.ServiceProvider.GetRequiredService<ClientRegistry>().AddAsync(
                    new NewClient("load-client", null, true, [], [], ["client_credentials"], ["api"], null, "Load"), CancellationToken.None);
            }

            var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"load-client:{registered.GeneratedSecret}")));
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false }) { BaseAddress = address };

            // Warm-up: JIT, key load, connection pool.
            await RunWorkersAsync(http, basic, concurrency, TimeSpan.FromSeconds(warmup));
            var stopwatch = Stopwatch.StartNew();
            var latencies = await RunWorkersAsync(http, basic, concurrency, TimeSpan.FromSeconds(seconds));
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tokens={latencies.Count} seconds={elapsed:F1} throughput={latencies.Count / elapsed:F0}/s concurrency={concurrency} " +
                $"p50={LoadScript.Percentile(latencies, 50):F2} ms p99={LoadScript.Percentile(latencies, 99):F2} ms max={latencies[^1]:F2} ms"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<List<double>> RunWorkersAsync(HttpClient http, AuthenticationHeaderValue basic, int concurrency, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var latencies = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
                {
                    Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "api")]),
                };
                request.Headers.Authorization = basic;
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"Token request answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        }).ToList();
        return (await Task.WhenAll(workers)).SelectMany(l => l).ToList();
    }
}
