using System.Collections;
using System.Diagnostics;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Observability;

/// <summary>
/// The first middleware: every line logged while a request is handled carries its correlation id (the trace id that
/// problem documents show as <c>correlationId</c>) and, once tenant resolution has found it, the tenant's slug and id;
/// and when the answer is written, the request is counted and timed by route template, method and status class.
/// </summary>
public sealed class RequestObservation(RequestDelegate next, ContactCenterMetrics metrics, ILogger<RequestObservation> logger)
{
    /// <summary>The methods named in the metrics; anything else counts as <c>OTHER</c>, so a client cannot invent series.</summary>
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    };

    public async Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        using (logger.BeginScope(new RequestLogScope(CorrelationId(context), tenant)))
        {
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                metrics.RequestAnswered(RouteOf(context), KnownMethods.Contains(context.Request.Method) ? context.Request.Method : "OTHER", status,
                    Stopwatch.GetElapsedTime(started));
            }
        }
    }

    /// <summary>The id that ties a request's log lines to its problem documents (see <c>WebHost.AddWebHost</c>).</summary>
    public static string CorrelationId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

    /// <summary>The route template, never the raw path (its ids would make a series per request); unrouted requests share one.</summary>
    private static string RouteOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } ? template : "unmatched";

    /// <summary>
    /// The scope's values, read whenever a line is written: the tenant is resolved after this scope begins, so its slug
    /// and id appear on every line from then on.
    /// </summary>
    private sealed class RequestLogScope(string correlationId, TenantContext tenant) : IReadOnlyList<KeyValuePair<string, object>>
    {
        private KeyValuePair<string, object>[] Values => tenant.Tenant is { } resolved
            ? [new("CorrelationId", correlationId), new("TenantSlug", resolved.Slug), new("TenantId", resolved.Id)]
            : [new("CorrelationId", correlationId)];

        public int Count => Values.Length;

        public KeyValuePair<string, object> this[int index] => Values[index];

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)Values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join(", ", Values.Select(v => $"{v.Key}:{v.Value}"));
    }
}
