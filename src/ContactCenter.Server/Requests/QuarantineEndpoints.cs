using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using ContactCenter.Server.MailFetching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Received mail that could not become a request message: the list, the original for download, a retry through the
/// mail ingest (after the routing plan or the size limit changed), and deletion. Administrators only.
/// </summary>
public static class QuarantineEndpoints
{
    private static readonly IStringLocalizer T = Localization.Texts<RequestsTexts>();

    public static IEndpointRouteBuilder MapQuarantine(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/quarantine").WithTags("Quarantine").RequireTenant().RequireAuthorization(TenantRoles.Administrator);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id:guid}/raw", RawAsync);
        api.MapPost("/{id:guid}/retry", RetryAsync);
        api.MapDelete("/{id:guid}", DeleteAsync);
        return app;
    }

    /// <summary>Quarantined messages, newest first, with the reason and the original's size and SHA-256.</summary>
    internal static async Task<Results<Ok<ResultPage<QuarantineItem>>, ValidationProblem>> ListAsync(
        TenantDbContext db, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (number, size) = Paging.Read(errors, RequestValues.Number(errors, "page", page), RequestValues.Number(errors, "pageSize", pageSize));
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var total = await db.Quarantine.CountAsync(cancellationToken);
        var rows = await db.Quarantine.AsNoTracking().OrderByDescending(q => q.ReceivedAt).ThenByDescending(q => q.Id)
            .Skip((number - 1) * size).Take(size)
            .Select(q => new QuarantineItem(q.Id, q.AccountId, q.ReceivedAt, q.ReasonCode, q.Reason, q.RawMail!.Size, q.RawMail.Sha256))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ResultPage<QuarantineItem>(rows.Select(q => q with { ReceivedAt = RequestValues.Utc(q.ReceivedAt) }).ToList(), total, number, size));
    }

    /// <summary>The quarantined message as received: message/rfc822.</summary>
    internal static async Task<Results<FileContentHttpResult, NotFound>> RawAsync(
        Guid id, TenantDbContext db, TenantContext tenant, HttpContext http, RawMailStore store, CancellationToken cancellationToken)
    {
        var rawId = await db.Quarantine.Where(q => q.Id == id).Select(q => (Guid?)q.RawMailId).SingleOrDefaultAsync(cancellationToken);
        var bytes = rawId is { } raw ? await RawMails.ReadAsync(db, store, tenant, raw, cancellationToken) : null;
        return bytes is null ? TypedResults.NotFound() : RawMails.Download(http, bytes, $"quarantine-{id:N}.eml");
    }

    /// <summary>
    /// Runs the ingest again on a quarantined message: the request it went into (the entry is gone then), or 409 with
    /// the reason it still fails in the caller's language (the entry stays).
    /// </summary>
    internal static async Task<Results<Ok<QuarantineRetried>, NotFound, ProblemHttpResult>> RetryAsync(
        Guid id, TenantDbContext db, TenantContext tenant, MailIngest ingest, CancellationToken cancellationToken)
    {
        var result = await ingest.RetryQuarantinedAsync(db, tenant.Required.Id, id, db.Actor, cancellationToken);
        if (result is null)
        {
            return TypedResults.NotFound();
        }

        if (result is { Outcome: not IngestOutcome.Quarantined, RequestId: { } requestId })
        {
            return TypedResults.Ok(new QuarantineRetried(requestId));
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["RetryFailedTitle"],
            detail: await ReasonAsync(db, id, result, cancellationToken));
    }

    /// <summary>Removes the message from quarantine; its stored original goes too unless a receipt, a request message or another entry still refers to it.</summary>
    internal static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken)
    {
        var entry = await db.Quarantine.SingleOrDefaultAsync(q => q.Id == id, cancellationToken);
        if (entry is null)
        {
            return TypedResults.NotFound();
        }

        db.Quarantine.Remove(entry);
        var rawId = entry.RawMailId;
        var referred = await db.MailReceipts.AnyAsync(r => r.RawMailId == rawId, cancellationToken)
            || await db.RequestMessages.AnyAsync(m => m.RawMailId == rawId, cancellationToken)
            || await db.Quarantine.AnyAsync(q => q.RawMailId == rawId && q.Id != id, cancellationToken);
        if (!referred && await db.RawMails.SingleOrDefaultAsync(r => r.Id == rawId, cancellationToken) is { } raw)
        {
            db.RawMails.Remove(raw);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Why a retry failed, in the reader's language; the ingest's own words for a reason it has no code for.</summary>
    private static async Task<string> ReasonAsync(TenantDbContext db, Guid id, IngestResult result, CancellationToken cancellationToken)
    {
        switch (result.ReasonCode)
        {
            case RequestFromMail.TooLargeCode:
                var size = await db.Quarantine.Where(q => q.Id == id).Select(q => q.RawMail!.Size).FirstOrDefaultAsync(cancellationToken);
                var limit = await db.Settings.Select(s => s.MaxInboundMailMegabytes).FirstAsync(cancellationToken);
                return T["RetryTooLarge", size, limit];
            case RequestFromMail.UnroutableCode:
                return T["RetryUnroutable"];
            case RequestFromMail.UnparseableCode:
                return T["RetryUnparseable", result.Reason ?? ""];
            default:
                return result.Reason ?? T["RetryFailedTitle"];
        }
    }
}
