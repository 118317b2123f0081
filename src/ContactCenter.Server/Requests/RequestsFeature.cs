namespace ContactCenter.Server.Requests;

/// <summary>Requests from mail as people and integrations read them: the request list and conversation, and the quarantine.</summary>
public static class RequestsFeature
{
    public static IHostApplicationBuilder AddRequests(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<RequestReplies>();
        builder.Services.AddSingleton<RequestEvents>();
        builder.Services.AddSingleton<Tenancy.ITenantContextHook>(sp => sp.GetRequiredService<RequestEvents>());
        builder.Services.AddHostedService<RequestEventsListener>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRequests(this IEndpointRouteBuilder app) => app.MapRequestsApi().MapQuarantine();
}
