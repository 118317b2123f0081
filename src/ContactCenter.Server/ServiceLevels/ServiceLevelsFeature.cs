using ContactCenter.Server.Jobs;

namespace ContactCenter.Server.ServiceLevels;

/// <summary>
/// Service levels and KPIs: the KPI clock every tenant context saves requests with, the job that tells supervisors of
/// crossings, and the supervisor dashboard (<c>/supervisor</c>).
/// </summary>
public static class ServiceLevelsFeature
{
    public static IHostApplicationBuilder AddServiceLevels(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<KpiClock>();
        builder.Services.AddSingleton<Tenancy.ITenantContextHook>(services => services.GetRequiredService<KpiClock>());
        builder.Services.AddRecurringJob<KpiJob>(KpiJob.Id, KpiJob.Cron, runAtStart: false);
        return builder;
    }
}

/// <summary>Marker class of the service-level texts (<c>ServiceLevelTexts.resx</c>).</summary>
public sealed class ServiceLevelTexts;
