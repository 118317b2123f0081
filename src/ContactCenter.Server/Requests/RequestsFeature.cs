namespace ContactCenter.Server.Requests;

/// <summary>Requests from mail as people and integrations read them: the request list and conversation, and the quarantine.</summary>
public static class RequestsFeature
{
    public static IEndpointRouteBuilder MapRequests(this IEndpointRouteBuilder app) => app.MapRequestsApi().MapQuarantine();
}
