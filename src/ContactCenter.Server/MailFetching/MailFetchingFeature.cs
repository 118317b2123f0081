using ContactCenter.Server.Jobs;

namespace ContactCenter.Server.MailFetching;

/// <summary>
/// Mail into requests: the raw mail store, the ingest with its threading and routing, the fetch directory and cycle, the
/// tokens' tenants for the global system accounts.
/// </summary>
public static class MailFetchingFeature
{
    public static IHostApplicationBuilder AddMailFetching(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<RawMailStore>();
        services.AddSingleton<MailThreading>();
        services.AddSingleton<RequestFromMail>();
        services.AddSingleton<MailIngest>();
        services.AddScoped<MailFetchDirectory>();
        services.AddScoped<MailTokenDirectory>();
        var settings = MailFetchSettings.From(builder.Configuration);
        services.AddSingleton(settings);
        if (settings.FetchEnabled && (builder.Configuration.GetSection(JobsSettings.Section).Get<JobsSettings>() ?? new JobsSettings()).Enabled)
        {
            services.AddSingleton<MailFetchCycle>();
            services.AddHostedService(sp => sp.GetRequiredService<MailFetchCycle>());
        }

        return builder;
    }
}
