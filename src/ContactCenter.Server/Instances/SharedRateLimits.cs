using System.Data.Common;
using System.Globalization;
using System.Threading.RateLimiting;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Instances;

/// <summary>
/// Fixed-window rate limits per client address that hold across every instance: each attempt adds one to the
/// window's counter in the catalog (<c>RateLimitCounters</c>) in one statement and is refused past the limit. The
/// address is the connection's, which <see cref="TrustedProxies"/> has set from the forwarded headers of a trusted
/// proxy only. On SQLite (one instance), or with <c>Instances:SharedRateLimits</c> false, the windows are counted in
/// process instead.
/// </summary>
public sealed class SharedRateLimits(IServiceScopeFactory scopes, InstancesSettings settings, DatabaseSettings database, TimeProvider clock)
{
    private long _prunedAt;

    /// <summary>Whether the windows are counted in the catalog.</summary>
    public bool Shared { get; } = settings.SharedRateLimits ?? database.Provider != DatabaseProvider.Sqlite;

    /// <summary>The partition of limit <paramref name="name"/> for the request's client address: <paramref name="permits"/> per <paramref name="window"/>.</summary>
    public RateLimitPartition<string> PerAddress(HttpContext context, string name, int permits, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = name + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return Shared
            ? RateLimitPartition.Get(key, k => new CatalogWindowLimiter(this, k, permits, window))
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
    }

    /// <summary>Counts one attempt of <paramref name="key"/> in the current window of <paramref name="window"/>; the window's count with it.</summary>
    public async Task<(int Count, DateTimeOffset WindowEnd)> CountAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = clock.GetUtcNow();
        var seconds = (long)window.TotalSeconds;
        var number = now.ToUnixTimeSeconds() / seconds;
        var end = DateTimeOffset.FromUnixTimeSeconds((number + 1) * seconds);
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var connection = catalog.Database.GetDbConnection();
        await catalog.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = catalog.Database.IsSqlServer()
            ? """
              MERGE "RateLimitCounters" WITH (HOLDLOCK) AS t
              USING (SELECT @key AS "Key", @window AS "Window") AS s ON t."Key" = s."Key" AND t."Window" = s."Window"
              WHEN MATCHED THEN UPDATE SET "Count" = t."Count" + 1
              WHEN NOT MATCHED THEN INSERT ("Key", "Window", "Count", "ExpiresAt") VALUES (@key, @window, 1, @expires)
              OUTPUT inserted."Count";
              """
            : """
              INSERT INTO "RateLimitCounters" ("Key", "Window", "Count", "ExpiresAt") VALUES (@key, @window, 1, @expires)
              ON CONFLICT ("Key", "Window") DO UPDATE SET "Count" = "RateLimitCounters"."Count" + 1
              RETURNING "Count"
              """;
        Add(command, "key", key.Length > RateLimitCounter.KeyMaxLength ? key[..RateLimitCounter.KeyMaxLength] : key);
        Add(command, "window", number);
        Add(command, "expires", end.UtcDateTime);
        var count = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await PruneAsync(catalog, now, cancellationToken);
        return (count, end);
    }

    /// <summary>At most once a minute per instance: the windows that are over go.</summary>
    private async Task PruneAsync(CatalogDbContext catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _prunedAt);
        if (now.ToUnixTimeSeconds() - last < 60 || Interlocked.CompareExchange(ref _prunedAt, now.ToUnixTimeSeconds(), last) != last)
        {
            return;
        }

        var over = now.UtcDateTime;
        await catalog.RateLimitCounters.Where(c => c.ExpiresAt < over).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// One address's window counted in the catalog. Deciding needs the catalog, so the synchronous attempt always
    /// defers (the rate-limiting middleware then asks <see cref="AcquireAsyncCore"/>).
    /// </summary>
    private sealed class CatalogWindowLimiter(SharedRateLimits limits, string key, int permits, TimeSpan window) : RateLimiter
    {
        private long _lastUsed = Environment.TickCount64;

        public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Deferred;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
            if (permitCount == 0)
            {
                return Lease.Granted;
            }

            var (count, end) = await limits.CountAsync(key, window, cancellationToken);
            return count <= permits ? Lease.Granted : new Lease(false, end - limits.Now());
        }
    }

    private DateTimeOffset Now() => clock.GetUtcNow();

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static readonly Lease Deferred = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
