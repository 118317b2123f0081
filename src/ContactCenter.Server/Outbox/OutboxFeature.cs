using ContactCenter.Server.Jobs;

namespace ContactCenter.Server.Outbox;

/// <summary>Outgoing mail of requests: the transactional outbox, its send job and the sweep (configuration section <c>Outbox</c>).</summary>
public static class OutboxFeature
{
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection(OutboxSettings.Section).Get<OutboxSettings>() ?? new OutboxSettings());
        services.AddSingleton<RequestOutbox>();
        services.AddScoped<OutboxSendJob>();
        services.AddRecurringJob<OutboxSweepJob>(OutboxSweepJob.Id, OutboxSweepJob.Cron, runAtStart: true);
        return builder;
    }
}
