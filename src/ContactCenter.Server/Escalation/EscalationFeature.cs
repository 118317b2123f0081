using ContactCenter.Server.Jobs;

namespace ContactCenter.Server.Escalation;

/// <summary>
/// The cross-tenant backlog escalation (configuration section <c>Escalation</c>): the recurring scan, the move of a
/// request into a partner tenant, and the passing on of replies that reach an escalated request's stub.
/// </summary>
public static class EscalationFeature
{
    public static IHostApplicationBuilder AddEscalation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var settings = EscalationSettings.From(builder.Configuration);
        services.AddSingleton(settings);
        services.AddSingleton<EscalatedReplies>();
        services.AddScoped<BacklogEscalation>();
        services.AddSingleton<RequestMove>();
        services.AddRecurringJob<EscalationScanJob>(EscalationScanJob.Id, settings.Cron);
        return builder;
    }
}
