using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ContactCenter.Server.Letters;

/// <summary>
/// Letters from requests (iMAIL4LETTER): one answer as a PDF letter, downloaded or stored in the tenant's output
/// directory, and batches of letters for the requests an inbox filter matches, rendered by a job into a zip. Every route
/// needs the <see cref="Permission.ExportLetters"/> permission; requests outside the caller's scope do not exist.
/// </summary>
public static class LettersFeature
{
    public static IHostApplicationBuilder AddLetters(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<LetterComposer>();
        builder.Services.AddScoped<LetterExports>();
        builder.Services.AddScoped<LetterBatches>();
        builder.Services.AddScoped<LetterBatchJob>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLetters(this IEndpointRouteBuilder app)
    {
        var letters = app.MapGroup("/api/requests").WithTags("Letters").RequireTenant().RequireAuthorization(TenantRoles.Member)
            .RequirePermission(Permission.ExportLetters);
        letters.MapPost("/{id:guid}/letters", ExportAsync)
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .WithSummary("An answer of the request as a PDF letter (answerId: an outbound message to the customer, default the latest; recipient: address lines, default the contact's postal address, else their company's, else name and e-mail address). store=true writes it to the tenant's output directory instead: 201 with the file name. 409 when the request has no answer.");

        var batches = app.MapGroup("/api/letters/batches").WithTags("Letters").RequireTenant().RequireAuthorization(TenantRoles.Member)
            .RequirePermission(Permission.ExportLetters);
        batches.MapPost("/", async Task<Results<Accepted<LetterBatchStarted>, ValidationProblem, ProblemHttpResult>> (
                LetterBatchInput? input, LetterBatches service, RequestScope scope, HttpContext http, CancellationToken ct) =>
            {
                var outcome = await service.StartAsync(scope, http.User, input ?? new LetterBatchInput(), ct);
                return outcome switch
                {
                    { Errors: { } errors } => TypedResults.ValidationProblem(errors),
                    { Problem: { } problem } => TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail),
                    _ => TypedResults.Accepted($"/api/letters/batches/{outcome.Started!.Id}", outcome.Started),
                };
            })
            .WithSummary("Starts a batch of letters, one per request the inbox filter matches in the caller's scope (status: active by default, categoryId, q, partitionId, due, assignee or mine, folder), each of its latest answer; 202 with the batch's id. Requests without an answer are reported in the batch, not fatal.");
        batches.MapGet("/{id:guid}", async Task<Results<Ok<LetterBatchProgressItem>, NotFound>> (Guid id, LetterBatches service, HttpContext http, CancellationToken ct) =>
                await service.FindAsync(http.User, id, ct) is { } batch ? TypedResults.Ok(LetterBatches.Progress(batch, DownloadAddress(id))) : TypedResults.NotFound())
            .WithSummary("How far the caller's batch has got: state (queued, running, finished, failed), total, done, failed, the requests not exported and why, and the download once finished.");
        batches.MapGet("/{id:guid}/download", async Task<Results<PhysicalFileHttpResult, NotFound, ProblemHttpResult>> (
                Guid id, LetterBatches service, HttpContext http, CancellationToken ct) =>
            {
                if (await service.FindAsync(http.User, id, ct) is not { } batch)
                {
                    return TypedResults.NotFound();
                }

                var texts = Localization.Texts<LettersTexts>();
                var path = service.ZipPath(id);
                if (batch.State != LetterBatchState.Finished || !File.Exists(path))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: texts["NotFinishedTitle"], detail: texts["NotFinished", batch.Done + batch.Failed, batch.Total]);
                }

                return TypedResults.PhysicalFile(path, "application/zip", $"letters-{batch.CreatedAt:yyyy-MM-dd}-{id.ToString("N")[..8]}.zip");
            })
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip")
            .WithSummary("The finished batch's letters as a zip, one PDF per request; 409 until the batch has finished.");
        return app;
    }

    /// <summary>Where a batch's zip is downloaded.</summary>
    public static string DownloadAddress(Guid batchId) => $"/api/letters/batches/{batchId}/download";

    private static async Task<Results<FileContentHttpResult, Created<LetterStored>, NotFound, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid id, [FromBody] LetterInput? input, bool? store, LetterExports exports, RequestScope scope, HttpContext http, CancellationToken cancellationToken) =>
        await exports.ExportAsync(scope, http.User, id, input ?? new LetterInput(), store == true, cancellationToken) switch
        {
            null => TypedResults.NotFound(),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Problem: { } problem } => TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail),
            { Stored: true, FileName: { } name } => TypedResults.Created((string?)null, new LetterStored(name)),
            { Pdf: { } pdf, FileName: var name } => TypedResults.File(pdf, "application/pdf", name),
            _ => TypedResults.NotFound(),
        };
}
