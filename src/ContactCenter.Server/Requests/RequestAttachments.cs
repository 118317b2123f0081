using ContactCenter.Server.Tenancy;
using ContactCenter.Data.Tenant;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The attachments of a request's messages, one at a time, within the caller's <see cref="RequestScope"/>: always as a
/// download under a cleaned file name, as a raster image only when its bytes are one (so thumbnails show), otherwise
/// as <c>application/octet-stream</c>: never as HTML or SVG a browser would render.
/// </summary>
public static class RequestAttachments
{
    /// <summary>Longest file name handed out (before the extension is kept).</summary>
    private const int MaxFileNameLength = 120;

    public static RouteGroupBuilder MapRequestAttachments(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:guid}/messages/{messageId:guid}/attachments/{attachmentId:guid}", DownloadAsync)
            .WithSummary("An attachment of a message, as a download (raster images as themselves, anything else as application/octet-stream).");
        return api;
    }

    /// <summary>The attachment's address on the pages (the API, with the sign-in cookie).</summary>
    public static string Address(Guid requestId, Guid messageId, Guid attachmentId) => $"~/api/requests/{requestId}/messages/{messageId}/attachments/{attachmentId}";

    internal static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(
        Guid id, Guid messageId, Guid attachmentId, TenantDbContext db, RequestScope scope, HttpContext http, CancellationToken cancellationToken)
    {
        if (!await scope.SeesAsync(db, id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var attachment = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.MessageId == messageId && db.RequestMessages.Any(m => m.Id == messageId && m.RequestId == id))
            .Select(a => new { a.Name, a.ContentType, a.Content, a.Position })
            .SingleOrDefaultAsync(cancellationToken);
        if (attachment is null)
        {
            return TypedResults.NotFound();
        }

        var image = RasterImage.IsRasterType(attachment.ContentType) ? RasterImage.MediaTypeOf(attachment.Content) : null;
        // Opened directly, it still runs nothing and is not framed.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(attachment.Content, image ?? "application/octet-stream", FileName(attachment.Name, attachment.Position));
    }

    /// <summary>
    /// A file name safe in a header and on a disk: no path, no control or quoting characters, not hidden, not too long;
    /// <c>attachment-n</c> when nothing is left. Non-ASCII letters stay (they travel as <c>filename*</c>, RFC 6266).
    /// </summary>
    public static string FileName(string? name, int position)
    {
        var cleaned = new string((name ?? "").Select(c => char.IsControl(c) || c is '/' or '\\' or '"' or ':' or '*' or '?' or '<' or '>' or '|' ? '_' : c).ToArray())
            .Trim().TrimStart('.').Trim();
        if (cleaned.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = extension.Length is > 0 and <= 10 ? cleaned[..(MaxFileNameLength - extension.Length)] + extension : cleaned[..MaxFileNameLength];
        }

        return cleaned.Trim('_').Length == 0 ? $"attachment-{position + 1}" : cleaned;
    }
}
