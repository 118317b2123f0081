using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ContactCenter.Server.Requests;

/// <summary>An inline part of a message that an HTML body may show by its Content-ID (<c>cid:</c>, RFC 2392).</summary>
public sealed record InlineImage(string ContentId, string ContentType, byte[] Content);

/// <summary>A message's sanitised HTML as the mail frame shows it, and how many remote images it holds back.</summary>
public sealed record MailViewHtml(string Html, int BlockedImages, int ProxiedImages);

/// <summary>
/// The last step before a sanitised HTML body goes into the mail frame: every image either comes with the page or is
/// dropped. <c>cid:</c> images become <c>data:</c> URLs of the message's own raster parts (within a size cap);
/// remote (<c>http(s)</c>) images are dropped and counted unless the reader let them through for this message, and
/// then go through our image proxy; any other source (relative, protocol-relative, unknown parts) is dropped, and so
/// are links that are not absolute http, https or mailto. So the frame asks nothing of a foreign origin, whatever the
/// sanitiser let pass.
/// </summary>
public static class MailView
{
    /// <summary>The largest inline image put into the page.</summary>
    public const long InlineImageMaxBytes = 2 * 1024 * 1024;

    /// <summary>All inline images of one message together.</summary>
    public const long InlineImagesMaxBytes = 8 * 1024 * 1024;

    private static readonly HtmlParser Parser = new();

    /// <summary>
    /// <paramref name="sanitizedHtml"/> (from <see cref="MailHtml.Sanitize"/>) with its images resolved;
    /// <paramref name="proxy"/> gives a remote image's proxy address, or is null while remote images are blocked.
    /// </summary>
    public static MailViewHtml Render(string sanitizedHtml, IReadOnlyList<InlineImage> inline, Func<Uri, string>? proxy)
    {
        ArgumentNullException.ThrowIfNull(inline);
        var body = Body(sanitizedHtml);
        var (blocked, proxied, inlined) = (0, 0, 0L);
        foreach (var image in body.QuerySelectorAll("img").ToList())
        {
            var source = image.GetAttribute("src")?.Trim() ?? "";
            image.RemoveAttribute("src");
            image.RemoveAttribute("srcset");
            if (source.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                if (Find(inline, source[4..]) is { } part && RasterImage.MediaTypeOf(part.Content) is { } type && part.Content.LongLength <= InlineImageMaxBytes
                    && inlined + part.Content.LongLength <= InlineImagesMaxBytes)
                {
                    inlined += part.Content.LongLength;
                    image.SetAttribute("src", $"data:{type};base64,{Convert.ToBase64String(part.Content)}");
                }
            }
            else if (source.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) && !source.StartsWith("data:image/svg", StringComparison.OrdinalIgnoreCase))
            {
                image.SetAttribute("src", source);
            }
            else if (Uri.TryCreate(source, UriKind.Absolute, out var remote) && (remote.Scheme == Uri.UriSchemeHttp || remote.Scheme == Uri.UriSchemeHttps))
            {
                if (proxy is not null && remote.AbsoluteUri.Length <= MailImageTokens.MaxUrlLength)
                {
                    image.SetAttribute("src", proxy(remote));
                    proxied++;
                }
                else
                {
                    blocked++;
                }
            }
        }

        // A relative link would lead into our own site from the mail (the frame resolves it against the page).
        foreach (var link in body.QuerySelectorAll("a[href]").ToList())
        {
            var href = link.GetAttribute("href")!.Trim();
            if (!Uri.TryCreate(href, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https" or "mailto"))
            {
                link.RemoveAttribute("href");
            }
        }

        return new MailViewHtml(body.InnerHtml, blocked, proxied);
    }

    /// <summary>The text of an HTML body, for the plain-text view of a message that came without one (<see cref="HtmlText"/>).</summary>
    public static string Text(string sanitizedHtml) => HtmlText.Of(sanitizedHtml);

    private static IElement Body(string html)
    {
        var document = Parser.ParseDocument("");
        // Parsed as the inside of body (a fragment), so a style element stays where the sanitiser left it.
        document.Body!.InnerHtml = html ?? "";
        return document.Body;
    }

    /// <summary>The part named by a <c>cid:</c> URL: its address is the Content-ID, URL-encoded, without angle brackets.</summary>
    private static InlineImage? Find(IReadOnlyList<InlineImage> inline, string address)
    {
        var id = Uri.UnescapeDataString(address).Trim().Trim('<', '>');
        return inline.FirstOrDefault(p => string.Equals(p.ContentId.Trim().Trim('<', '>'), id, StringComparison.Ordinal));
    }
}
