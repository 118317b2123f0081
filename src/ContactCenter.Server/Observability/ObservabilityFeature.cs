using Hangfire.Server;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ContactCenter.Server.Observability;

/// <summary>
/// What operators watch: <c>/health</c> (alive, no dependencies), <c>/health/ready</c> (JSON per dependency: catalog, job
/// storage, a sample of tenant databases), <c>/metrics</c> (Prometheus text format) and log lines that carry the
/// request's correlation id and tenant, or the job's id.
/// </summary>
public static class ObservabilityFeature
{
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton<ContactCenterMetrics>();
        services.AddSingleton<MetricsExporter>();
        services.AddSingleton<IServerFilter, JobObservation>();
        services.AddSingleton<TenantSampleCursor>();

        // Each check is bounded: a dependency that hangs answers Unhealthy after this, not never.
        var timeout = builder.Configuration.GetValue("Health:Timeout", TimeSpan.FromSeconds(5));
        services.AddHealthChecks()
            .AddCheck<CatalogHealthCheck>("catalog", tags: [ReadyTag], timeout: timeout)
            .AddCheck<JobStorageHealthCheck>("jobs", tags: [ReadyTag], timeout: timeout)
            .AddCheck<TenantSampleHealthCheck>("tenants", tags: [ReadyTag], timeout: timeout);

        // Logging:Console:FormatterName = "json" writes each console line as one JSON object, with the scopes (CorrelationId,
        // TenantSlug, TenantId; JobId, JobType) as properties; any other value (or none) keeps the plain console format.
        if (string.Equals(builder.Configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }

    /// <summary>Runs first: the scope and the timing cover everything after it, the exception handler's answers too.</summary>
    public static WebApplication UseObservability(this WebApplication app)
    {
        app.UseMiddleware<RequestObservation>();
        return app;
    }

    public static IEndpointRouteBuilder MapObservability(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportJson.WriteAsync,
        }).AllowAnonymous();
        // The exporter listens from start-up on: measurements made before its listener exists are lost.
        app.ServiceProvider.GetRequiredService<MetricsExporter>();
        app.MapMetrics();
        return app;
    }

    private const string ReadyTag = "ready";
}
