namespace ContactCenter.Server.Instances;

/// <summary>
/// What lets several server instances run side by side: nothing another instance needs is kept only in this one's
/// memory. Changes to cached records travel as <see cref="InstanceSignals"/>, and the rate limits that protect
/// accounts count in the catalog (<see cref="SharedRateLimits"/>).
/// </summary>
public static class InstancesFeature
{
    public static IHostApplicationBuilder AddInstances(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(InstancesSettings.Section).Get<InstancesSettings>() ?? new InstancesSettings();
        if (settings.PollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{InstancesSettings.Section}:PollInterval must be positive, not {settings.PollInterval}.");
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<InstanceSignals>();
        builder.Services.AddSingleton<InstanceSignalsTransport>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InstanceSignalsTransport>());
        builder.Services.AddSingleton<SharedRateLimits>();
        return builder;
    }
}
