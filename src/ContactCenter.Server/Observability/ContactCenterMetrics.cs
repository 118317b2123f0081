using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContactCenter.Server.Observability;

/// <summary>
/// The instruments of the meter <c>ContactCenter</c>, one per host (created through the host's <see cref="IMeterFactory"/>,
/// so that hosts sharing a process, as the tests do, keep their measurements apart). Everything measured here is this
/// instance's own: Prometheus scrapes every instance and sums their series; no instance reads another's memory.
/// </summary>
public sealed class ContactCenterMetrics
{
    public const string MeterName = "ContactCenter";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _provisioningDuration;
    private volatile IReadOnlyList<Measurement<double>> _fetchLag = [];
    private volatile OutboxDepthReading? _outboxDepth;
    private readonly TimeProvider _time;

    public ContactCenterMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        Meter = meters.Create(MeterName);
        _requests = Meter.CreateCounter<long>("http_requests", description: "HTTP requests answered, by route template, method and status class.");
        _requestDuration = Meter.CreateHistogram<double>("http_request_duration_seconds", "s", "How long HTTP requests took, by route template, method and status class.");
        _jobDuration = Meter.CreateHistogram<double>("job_duration_seconds", "s", "How long background jobs ran, by job type and outcome.");
        _provisioningDuration = Meter.CreateHistogram<double>("tenant_provisioning_duration_seconds", "s", "How long provisioning a tenant (sign-up) took, by outcome.");
        Meter.CreateObservableGauge("mail_fetch_lag_seconds", () => _fetchLag, "s",
            "Seconds since a mail account's last successful fetch, by tenant slug and account id (read from the catalog when scraped).");
        Meter.CreateObservableGauge("outbox_depth", OutboxDepth, description:
            "Outgoing messages waiting to be sent, by tenant slug, as this instance's last outbox sweep counted them.");
    }

    /// <summary>The meter; the exporter listens to this instance only.</summary>
    public Meter Meter { get; }

    /// <summary>How long an outbox sweep's counts are reported: past two sweeps (a minute each) another instance has swept since.</summary>
    public static readonly TimeSpan OutboxDepthValidity = TimeSpan.FromMinutes(3);

    public void RequestAnswered(string route, string method, int status, TimeSpan duration)
    {
        var tags = new TagList { { "route", route }, { "method", method }, { "status", $"{status / 100}xx" } };
        _requests.Add(1, tags);
        _requestDuration.Record(duration.TotalSeconds, tags);
    }

    public void JobRan(string job, bool succeeded, TimeSpan duration) =>
        _jobDuration.Record(duration.TotalSeconds, new TagList { { "job", job }, { "outcome", succeeded ? "succeeded" : "failed" } });

    public void TenantProvisioned(bool succeeded, TimeSpan duration) =>
        _provisioningDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));

    /// <summary>Replaces the fetch lag reported at the next collection (the scrape reads the catalog first).</summary>
    public void FetchLagRead(IEnumerable<(string Tenant, Guid Account, double Seconds)> lags) =>
        _fetchLag = lags.Select(l => new Measurement<double>(l.Seconds, new KeyValuePair<string, object?>("tenant", l.Tenant),
            new KeyValuePair<string, object?>("account", l.Account.ToString()))).ToList();

    /// <summary>Replaces the outbox depths reported until <see cref="OutboxDepthValidity"/> has passed.</summary>
    public void OutboxSwept(IEnumerable<(string Tenant, long Waiting)> depths) =>
        _outboxDepth = new OutboxDepthReading(_time.GetUtcNow(),
            depths.Select(d => new Measurement<long>(d.Waiting, new KeyValuePair<string, object?>("tenant", d.Tenant))).ToList());

    private IEnumerable<Measurement<long>> OutboxDepth() =>
        _outboxDepth is { } reading && _time.GetUtcNow() - reading.At < OutboxDepthValidity ? reading.Depths : [];

    private sealed record OutboxDepthReading(DateTimeOffset At, IReadOnlyList<Measurement<long>> Depths);
}
