using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Requests;

/// <summary>Answering a request through the API: the proposal, the answer (202 with the outbound message's id), the caller's draft.</summary>
internal static class RequestReplyEndpoints
{
    internal static RouteGroupBuilder MapRequestReplies(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/reply-proposal", async Task<Results<Ok<ReplyProposal>, NotFound>> (
                Guid id, RequestReplies replies, RequestScope scope, HttpContext http, CancellationToken ct) =>
                await replies.ProposeAsync(scope, http.User, id, ct) is { } proposal ? TypedResults.Ok(proposal) : TypedResults.NotFound())
            .WithSummary("What an answer starts from: sender, recipients, subject, the category's default template filled in, its templates, text blocks and attachments, and the caller's draft.");
        api.MapPost("/{id:guid}/replies", async Task<Results<Accepted<ReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult>> (
                Guid id, ReplyInput input, RequestReplies replies, RequestScope scope, HttpContext http, CancellationToken ct) =>
                Answer(await replies.SendAsync(scope, http.User, id, input, ct), accepted => TypedResults.Accepted(
                    $"/api/requests/{id}", accepted)))
            .WithSummary("Sends an answer through the outbox, threaded to the customer's latest mail and tagged with the request number; 202 with the outbound message's id. close: true closes the request, else it waits for the customer.");
        api.MapGet("/{id:guid}/draft", async Task<Results<Ok<ReplyDraftItem>, NoContent, NotFound>> (
                Guid id, RequestReplies replies, RequestScope scope, Data.Tenant.TenantDbContext db, HttpContext http, CancellationToken ct) =>
            {
                if (!await scope.SeesAsync(db, id, ct))
                {
                    return TypedResults.NotFound();
                }

                return await replies.DraftAsync(scope, http.User, id, ct) is { } draft ? TypedResults.Ok(draft) : TypedResults.NoContent();
            })
            .WithSummary("The caller's draft of an answer to the request; 204 when there is none.");
        api.MapPut("/{id:guid}/draft", async Task<Results<Ok<ReplyAccepted>, NotFound, ValidationProblem, ProblemHttpResult>> (
                Guid id, ReplyDraftInput input, RequestReplies replies, RequestScope scope, HttpContext http, CancellationToken ct) =>
                Answer(await replies.SaveDraftAsync(scope, http.User, id, input, ct), TypedResults.Ok))
            .WithSummary("Keeps the caller's draft of an answer (one per person and request), replacing the previous one.");
        api.MapDelete("/{id:guid}/draft", async Task<Results<NoContent, NotFound>> (
                Guid id, RequestReplies replies, RequestScope scope, HttpContext http, CancellationToken ct) =>
                await replies.DeleteDraftAsync(scope, http.User, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Throws the caller's draft away.");
        return api;
    }

    internal static Results<T, NotFound, ValidationProblem, ProblemHttpResult> Answer<T>(ReplyOutcome outcome, Func<ReplyAccepted, T> accepted)
        where T : IResult =>
        outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Problem: { } problem } => TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail),
            { Accepted: { } done } => accepted(done),
            _ => TypedResults.NotFound(),
        };
}
