using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// How the request page shows one message: its HTML ready for the mail frame (null when it has none), the remote images
/// held back, its plain text (the text part, or one made from the HTML), and the attachments shown as thumbnails.
/// </summary>
public sealed record MessageView(string? Html, int BlockedImages, bool ImagesShown, string? PlainText, bool TextFromHtml, IReadOnlyList<AttachmentItem> Thumbnails);

internal static class MessageViews
{
    /// <summary>Largest attachment shown as a thumbnail (the page loads it whole).</summary>
    private const long ThumbnailMaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// The views of <paramref name="request"/>'s messages; remote images of the messages in <paramref name="imagesShown"/>
    /// go through <paramref name="proxy"/> (message id, image URL → address), the others are held back.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, MessageView>> ShowAsync(
        TenantDbContext db, RequestDetail request, IReadOnlySet<Guid> imagesShown, Func<Guid, Uri, string> proxy, CancellationToken cancellationToken)
    {
        // Only the parts an HTML body names by cid: are read with their content, and only those small enough to inline.
        var withCid = request.Messages.Where(m => m.Html?.Contains("cid:", StringComparison.OrdinalIgnoreCase) == true).Select(m => m.Id).ToList();
        var inline = withCid.Count == 0
            ? Enumerable.Empty<InlineImage>().ToLookup(_ => Guid.Empty)
            : (await db.MessageAttachments.AsNoTracking()
                    .Where(a => withCid.Contains(a.MessageId) && a.ContentId != null && a.Size <= MailView.InlineImageMaxBytes)
                    .Select(a => new { a.MessageId, a.ContentId, a.ContentType, a.Content })
                    .ToListAsync(cancellationToken))
                .ToLookup(a => a.MessageId, a => new InlineImage(a.ContentId!, a.ContentType, a.Content));

        var views = new Dictionary<Guid, MessageView>();
        foreach (var message in request.Messages)
        {
            var shown = imagesShown.Contains(message.Id);
            var html = string.IsNullOrEmpty(message.Html) ? null : MailView.Render(message.Html, inline[message.Id].ToList(), shown ? url => proxy(message.Id, url) : null);
            var fromHtml = message.Text is null && html is not null;
            views[message.Id] = new MessageView(html?.Html, html?.BlockedImages ?? 0, shown, fromHtml ? MailView.Text(message.Html!) : message.Text, fromHtml,
                message.Attachments.Where(a => RasterImage.IsRasterType(a.ContentType) && a.Size <= ThumbnailMaxBytes).ToList());
        }

        return views;
    }
}
