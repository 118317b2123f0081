using System.Net;
using System.Threading.RateLimiting;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Instances;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCenter.Server.Tests.Instances;

/// <summary>
/// Several instances over one catalog: a change made on one is heard on the others (by polling the catalog on every
/// provider, by NOTIFY on PostgreSQL), a tenant suspended elsewhere is refused here before its cached record expires,
/// and the rate limits that protect accounts count every instance's attempts together. The other instances are built
/// here beside the test server, over its catalog.
/// </summary>
public abstract class InstancesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public Task HearAnotherInstancesChangeThroughTheCatalog() => HearAnotherInstancesChangeAsync(SignalTransport.Poll);

    [Fact]
    public async Task HearAnotherInstancesChangeThroughNotify()
    {
        Assert.SkipUnless(server.Provider == DatabaseProvider.Postgres, "NOTIFY is PostgreSQL's.");
        await HearAnotherInstancesChangeAsync(SignalTransport.Notify);
    }

    [Fact]
    public async Task RefuseATenantSuspendedByAnotherInstanceBeforeItsRecordExpires()
    {
        Assert.SkipUnless(server.Provider == DatabaseProvider.Postgres, "On SQLite there is one instance; the server listens on PostgreSQL.");
        var slug = await server.SignUpAsync();
        using var client = server.CreateClient(new() { AllowAutoRedirect = false });
        // The tenant's record is in this instance's cache now.
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.GetAsync($"/t/{slug}/api/requests", TestContext.Current.CancellationToken)).StatusCode);

        await using var other = await OtherInstance.StartAsync(server, SignalTransport.Notify, "other");
        await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == slug).ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, TenantStatus.Suspended)));
        var suspendedAt = DateTime.UtcNow;
        other.Signals.Publish(TenantStore.Signal, slug);

        var status = await PollAsync(async () => (await client.GetAsync($"/t/{slug}/api/requests", TestContext.Current.CancellationToken)).StatusCode, s => s == HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.True(DateTime.UtcNow - suspendedAt < TenantStore.TimeToLive, "The suspension was seen only when the cached record expired.");
    }

    [Fact]
    public async Task CountEveryInstancesAttemptsAgainstOneLimit()
    {
        var settings = new InstancesSettings { SharedRateLimits = true };
        var database = server.Services.GetRequiredService<DatabaseSettings>();
        var scopes = server.Services.GetRequiredService<IServiceScopeFactory>();
        var first = new SharedRateLimits(scopes, settings, database, TimeProvider.System);
        var second = new SharedRateLimits(scopes, settings, database, TimeProvider.System);
        Assert.True(first.Shared);
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];
        var window = TimeSpan.FromDays(1);
        using var a = Limiter(first, name, "203.0.113.7", window);
        using var b = Limiter(second, name, "203.0.113.7", window);
        using var elsewhere = Limiter(second, name, "198.51.100.9", window);

        var granted = new List<bool>();
        foreach (var limiter in new[] { a, b, a, b, a })
        {
            using var lease = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
            granted.Add(lease.IsAcquired);
        }

        Assert.Equal([true, true, true, false, false], granted);
        using (var refused = await a.AcquireAsync(1, TestContext.Current.CancellationToken))
        {
            Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.InRange(retryAfter, TimeSpan.FromTicks(1), window);
        }

        using (var other = await elsewhere.AcquireAsync(1, TestContext.Current.CancellationToken))
        {
            Assert.True(other.IsAcquired);
        }

        Assert.Equal(6, await server.CatalogAsync(c => c.RateLimitCounters.Where(r => r.Key == name + ":203.0.113.7").SumAsync(r => r.Count)));
    }

    private async Task HearAnotherInstancesChangeAsync(SignalTransport transport)
    {
        await using var first = await OtherInstance.StartAsync(server, transport, "first");
        await using var second = await OtherInstance.StartAsync(server, transport, "second");
        var kind = "test-" + Guid.NewGuid().ToString("N")[..8];
        var heardHere = new List<string>();
        var heardThere = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Signals.On(kind, key =>
        {
            lock (heardHere)
            {
                heardHere.Add(key);
            }
        });
        second.Signals.On(kind, key => heardThere.TrySetResult(key));

        first.Signals.Publish(kind, "tenant-a");

        Assert.Equal("tenant-a", await heardThere.Task.WaitAsync(Patience, TestContext.Current.CancellationToken));
        // The instance that made the change acted on it at once, and not again when its own signal came back.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        lock (heardHere)
        {
            Assert.Equal(["tenant-a"], heardHere);
        }
    }

    private static RateLimiter Limiter(SharedRateLimits limits, string name, string address, TimeSpan window)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        var partition = limits.PerAddress(context, name, 3, window);
        return partition.Factory(partition.PartitionKey);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow + Patience;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            value = await read();
        }

        return value;
    }

    /// <summary>Another instance's signals and their transport, over the test server's catalog.</summary>
    private sealed class OtherInstance : IAsyncDisposable
    {
        private readonly InstanceSignalsTransport _transport;

        private OtherInstance(InstanceSignals signals, InstanceSignalsTransport transport)
        {
            Signals = signals;
            _transport = transport;
        }

        public InstanceSignals Signals { get; }

        public static async Task<OtherInstance> StartAsync(ServerFixture server, SignalTransport transport, string name)
        {
            var settings = new InstancesSettings { Signals = transport, PollInterval = TimeSpan.FromMilliseconds(200), Name = name + "-" + Guid.NewGuid().ToString("N")[..6] };
            var database = server.Services.GetRequiredService<DatabaseSettings>();
            var signals = new InstanceSignals(settings, database);
            var running = new InstanceSignalsTransport(signals, settings, database, server.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
                NullLogger<InstanceSignalsTransport>.Instance);
            await running.StartAsync(CancellationToken.None);
            // LISTEN takes a moment on a fresh connection; a poller reads only what comes after its start.
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
            return new OtherInstance(signals, running);
        }

        public async ValueTask DisposeAsync()
        {
            await _transport.StopAsync(CancellationToken.None);
            _transport.Dispose();
        }
    }
}

public sealed class InstancesOnSqlite(SqliteServerFixture server) : InstancesShould<SqliteServerFixture>(server);

public sealed class InstancesOnPostgres(PostgresServerFixture server) : InstancesShould<PostgresServerFixture>(server);

public sealed class InstancesOnSqlServer(SqlServerServerFixture server) : InstancesShould<SqlServerServerFixture>(server.Required());
