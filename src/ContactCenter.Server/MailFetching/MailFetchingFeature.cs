namespace ContactCenter.Server.MailFetching;

/// <summary>Mail into requests: the raw mail store, the ingest with its threading and routing, the fetch directory, the tokens' tenants for the global system accounts.</summary>
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
        return builder;
    }
}
