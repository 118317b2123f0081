using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;
using Prometheus;

namespace ContactCenter.Server.Observability;

/// <summary>
/// Writes this host's <see cref="ContactCenterMetrics"/> in Prometheus text format through prometheus-net: a registry of
/// this host's own (never prometheus-net's process-wide default one) fed by a meter adapter that listens to this host's
/// meter only.
/// <para>
/// Why prometheus-net 8.2.1 and not OpenTelemetry's exporter: it is a stable release (the registry serves
/// OpenTelemetry.Exporter.Prometheus.AspNetCore only as 1.20.1-beta.1, and has never had a stable one), MIT, and brings
/// nothing but its own serializer; we instrument with System.Diagnostics.Metrics, so swapping the exporter later touches
/// this class only. Its adapter shows .NET counters as Prometheus gauges that only grow (rate() works on them), and it
/// forgets a series nobody recorded for <see cref="SeriesLifetime"/>.
/// </para>
/// </summary>
public sealed class MetricsExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A series not recorded for this long is dropped (a removed account's fetch lag, a route nobody calls).</summary>
    public static readonly TimeSpan SeriesLifetime = TimeSpan.FromHours(1);

    private static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] JobBuckets = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];
    private static readonly double[] ProvisioningBuckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly IDisposable _adapter;
    private readonly ContactCenterMetrics _metrics;
    private readonly TimeProvider _time;

    public MetricsExporter(ContactCenterMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _time = time;
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = _registry,
            // Without this the adapter writes to prometheus-net's process-wide default registry.
            MetricFactory = Metrics.WithCustomRegistry(_registry),
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, metrics.Meter),
            MetricsExpireAfter = SeriesLifetime,
            ResolveHistogramBuckets = instrument => instrument.Name switch
            {
                "job_duration_seconds" => JobBuckets,
                "tenant_provisioning_duration_seconds" => ProvisioningBuckets,
                _ => RequestBuckets,
            },
        });
    }

    /// <summary>Reads what is read on scrape (the fetch lag, from the catalog), then writes every series.</summary>
    public async Task<byte[]> ScrapeAsync(CatalogDbContext catalog, CancellationToken cancellationToken)
    {
        _metrics.FetchLagRead(await FetchLagAsync(catalog, cancellationToken));
        using var text = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(text, cancellationToken);
        return text.ToArray();
    }

    /// <summary>
    /// One catalog query over the fetch directory: every enabled account of an active tenant (or a global system account,
    /// tenant "") that has fetched successfully at least once, with the seconds since. An account that never worked has
    /// no lag yet; its fetch status shows its error.
    /// </summary>
    private async Task<List<(string Tenant, Guid Account, double Seconds)>> FetchLagAsync(CatalogDbContext catalog, CancellationToken cancellationToken)
    {
        var rows = await (
            from account in catalog.MailFetchAccounts.AsNoTracking()
            where account.Enabled && account.LastSucceededAt != null
            join tenant in catalog.Tenants on account.TenantId equals tenant.Id into owners
            from tenant in owners.DefaultIfEmpty()
            where tenant == null || tenant.Status == TenantStatus.Active
            select new { account.AccountId, Slug = tenant == null ? "" : tenant.Slug, account.LastSucceededAt })
            .ToListAsync(cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;
        return rows.Select(r => (r.Slug, r.AccountId, Math.Max(0, (now - r.LastSucceededAt!.Value).TotalSeconds))).ToList();
    }

    public void Dispose() => _adapter.Dispose();
}
