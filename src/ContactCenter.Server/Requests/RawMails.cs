using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>The stored originals of received mail, as the request and quarantine downloads hand them out.</summary>
internal static class RawMails
{
    public const string MediaType = "message/rfc822";

    /// <summary>The bytes of a stored original; null when the row is gone or its bytes are not in the table.</summary>
    public static async Task<byte[]?> ReadAsync(TenantDbContext db, MailFetching.RawMailStore store, TenantContext tenant, Guid rawMailId, CancellationToken cancellationToken)
    {
        var raw = await db.RawMails.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rawMailId, cancellationToken);
        if (raw is null || tenant.Tenant is null)
        {
            return null;
        }

        // The one place that reads the file store (Mail:StoreDirectory) for the downloads.
        return raw.Content ?? await store.ReadAsync(tenant.Tenant.Id, raw, cancellationToken);
    }

    /// <summary>The bytes as an attachment named <paramref name="fileName"/> (ASCII, no quotes), with exactly the Content-Disposition the API documents.</summary>
    public static FileContentHttpResult Download(HttpContext http, byte[] bytes, string fileName)
    {
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return TypedResults.File(bytes, MediaType);
    }
}
