using ContactCenter.Server.Jobs;
using ContactCenter.Server.MailAccounts;

namespace ContactCenter.Server.Requests;

/// <summary>Requests from mail as people and integrations read them: the request list and conversation, the mail view's image proxy, and the quarantine.</summary>
public static class RequestsFeature
{
    /// <summary>Answers (replies, drafts), live changes of requests, indexing message text behind the ingest, and the mail view's image proxy (its tokens, and its fetcher under the mail hosts' address policy).</summary>
    public static IHostApplicationBuilder AddRequests(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<RequestReplies>();
        builder.Services.AddSingleton<RequestEvents>();
        builder.Services.AddSingleton<Tenancy.ITenantContextHook>(sp => sp.GetRequiredService<RequestEvents>());
        builder.Services.AddSingleton<MailImageTokens>();
        builder.Services.AddSingleton(services => new MailImageFetcher(services.GetRequiredService<PublicAddressPolicy>()));
        builder.Services.AddSingleton<MessageTextIndexTurn>();
        builder.Services.AddRecurringJob<MessageTextIndexJob>(MessageTextIndexJob.Id, MessageTextIndexJob.Cron, runAtStart: true);
        return builder;
    }

    public static IEndpointRouteBuilder MapRequests(this IEndpointRouteBuilder app) => app.MapRequestsApi().MapMailImages().MapQuarantine();
}
