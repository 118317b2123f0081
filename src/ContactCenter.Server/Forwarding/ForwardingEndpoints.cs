using ContactCenter.Server.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Forwarding;

/// <summary>Writing to external parties from a request: forward (2nd-level folder), reminder, 2nd-level query; each 202 with the outbound message's id.</summary>
internal static class ForwardingEndpoints
{
    internal static RouteGroupBuilder MapForwarding(this RouteGroupBuilder api)
    {
        api.MapPost("/{id:guid}/forward", async Task<Results<Accepted<ReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult>> (
                Guid id, ForwardInput input, ExternalMail mail, RequestScope scope, HttpContext http, CancellationToken ct) =>
                Outcome(id, await mail.ForwardAsync(scope, http.User, id, input, ct)))
            .WithSummary("Forwards the request to an external contact whose answer, received at the reply account, goes on to the customer. The request stays open in the 2nd-level folder until then; note is kept on the request. 409 without a reply account.");
        api.MapPost("/{id:guid}/second-level", async Task<Results<Accepted<ReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult>> (
                Guid id, SecondLevelInput input, ExternalMail mail, RequestScope scope, HttpContext http, CancellationToken ct) =>
                Outcome(id, await mail.AskAsync(scope, http.User, id, input, ct)))
            .WithSummary("Asks an external party (2nd level); the answer, received at the 2nd-level reply account, comes back to the request as a message and a note. 409 without a 2nd-level reply account.");
        api.MapPost("/{id:guid}/reminder", async Task<Results<Accepted<ReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult>> (
                Guid id, ExternalMail mail, RequestScope scope, HttpContext http, CancellationToken ct) =>
                Outcome(id, await mail.RemindAsync(scope, http.User, id, ct)))
            .WithSummary("Reminds the external contact the request was forwarded to; 409 when it waits for nobody.");
        return api;
    }

    private static Results<Accepted<ReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult> Outcome(Guid id, ReplyOutcome outcome) =>
        RequestReplyEndpoints.Answer(outcome, done => TypedResults.Accepted($"/api/requests/{id}", done));
}
