using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Received mail that could not become a request message: the list, the original for download, and deletion.
/// Administrators only (the retry, which runs the ingest again, belongs to the mail ingest).
/// </summary>
public static class QuarantineEndpoints
{
    public static IEndpointRouteBuilder MapQuarantine(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/quarantine").WithTags("Quarantine").RequireTenant().RequireAuthorization(TenantRoles.Administrator);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id:guid}/raw", RawAsync);
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
        Guid id, TenantDbContext db, TenantContext tenant, HttpContext http, MailFetching.RawMailStore store, CancellationToken cancellationToken)
    {
        var rawId = await db.Quarantine.Where(q => q.Id == id).Select(q => (Guid?)q.RawMailId).SingleOrDefaultAsync(cancellationToken);
        var bytes = rawId is { } raw ? await RawMails.ReadAsync(db, store, tenant, raw, cancellationToken) : null;
        return bytes is null ? TypedResults.NotFound() : RawMails.Download(http, bytes, $"quarantine-{id:N}.eml");
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
}
