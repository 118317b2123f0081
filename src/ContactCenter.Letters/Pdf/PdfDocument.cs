using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContactCenter.Letters.Fonts;
using ContactCenter.Letters.Images;

namespace ContactCenter.Letters.Pdf;

/// <summary>
/// A PDF document written page by page to any stream (ISO 32000-1 §7.7): each page's content goes out as soon as
/// the page is added; fonts, the page tree, the information dictionary and the catalog follow on <see cref="Close"/>.
/// </summary>
public sealed class PdfDocument
{
    private readonly PdfObjectWriter writer;
    private readonly PdfDocumentInfo info;
    private readonly int pagesId;
    private readonly List<int> pageIds = [];
    private readonly Dictionary<TrueTypeFont, PdfFont> fonts = [];
    private readonly Dictionary<LetterImage, PdfImage> images = [];
    private readonly StringBuilder scratch = new(512);
    private bool closed;

    public PdfDocument(Stream output, PdfDocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.info = info;
        writer = new PdfObjectWriter(output);
        pagesId = writer.Reserve();
    }

    public int PageCount => pageIds.Count;

    /// <summary>The document's use of a font; the same font gives the same object.</summary>
    public PdfFont GetFont(TrueTypeFont font)
    {
        if (!fonts.TryGetValue(font, out var pdfFont))
        {
            pdfFont = new PdfFont(font, "F" + (fonts.Count + 1).ToString(CultureInfo.InvariantCulture), writer.Reserve());
            fonts[font] = pdfFont;
        }
        return pdfFont;
    }

    /// <summary>The document's use of an image; the image data is written once however often it is drawn.</summary>
    public PdfImage GetImage(LetterImage image)
    {
        if (!images.TryGetValue(image, out var pdfImage))
        {
            int id = writer.Reserve();
            image.Write(writer, id);
            pdfImage = new PdfImage(image, "Im" + (images.Count + 1).ToString(CultureInfo.InvariantCulture), id);
            images[image] = pdfImage;
        }
        return pdfImage;
    }

    /// <summary>Starts a page of the given size in points; add it with <see cref="AddPage"/> when drawn.</summary>
    public static PdfCanvas CreatePage(double width, double height) => new(width, height);

    /// <summary>Writes a drawn page.</summary>
    /// <exception cref="InvalidOperationException">The document is already closed.</exception>
    public void AddPage(PdfCanvas page)
    {
        ArgumentNullException.ThrowIfNull(page);
        ObjectDisposedException.ThrowIf(closed, this);
        int contentId = writer.Reserve(), pageId = writer.Reserve();
        writer.WriteStream(contentId, "", Encoding.Latin1.GetBytes(page.Content));
        scratch.Clear();
        scratch.Append("<< /Type /Page /Parent ").Append(pagesId).Append(" 0 R /MediaBox [0 0 ")
            .Append(page.Width.ToString("0.###", CultureInfo.InvariantCulture)).Append(' ')
            .Append(page.Height.ToString("0.###", CultureInfo.InvariantCulture)).Append("] /Resources << /ProcSet [/PDF /Text /ImageC /ImageB /ImageI]");
        if (page.Fonts.Count > 0)
        {
            scratch.Append(" /Font <<");
            foreach (var font in page.Fonts)
            {
                scratch.Append(" /").Append(font.ResourceName).Append(' ').Append(font.ObjectId).Append(" 0 R");
            }
            scratch.Append(" >>");
        }
        if (page.Images.Count > 0)
        {
            scratch.Append(" /XObject <<");
            foreach (var image in page.Images)
            {
                scratch.Append(" /").Append(image.ResourceName).Append(' ').Append(image.ObjectId).Append(" 0 R");
            }
            scratch.Append(" >>");
        }
        scratch.Append(" >> /Contents ").Append(contentId).Append(" 0 R >>");
        writer.WriteObject(pageId, scratch.ToString());
        pageIds.Add(pageId);
    }

    /// <summary>Writes fonts, page tree, information dictionary, catalog, cross-reference table and trailer.</summary>
    /// <exception cref="InvalidOperationException">No page was added, or the document is already closed.</exception>
    public void Close()
    {
        ObjectDisposedException.ThrowIf(closed, this);
        if (pageIds.Count == 0)
        {
            throw new InvalidOperationException("A PDF document needs at least one page.");
        }
        closed = true;
        foreach (var font in fonts.Values)
        {
            font.Write(writer);
        }
        writer.WriteObject(pagesId, $"<< /Type /Pages /Count {pageIds.Count} /Kids [{string.Join(' ', pageIds.Select(id => id + " 0 R"))}] >>");
        int infoId = writer.Reserve(), catalogId = writer.Reserve();
        var infoText = new StringBuilder("<< ");
        AppendText(infoText, "Title", info.Title);
        AppendText(infoText, "Author", info.Author);
        AppendText(infoText, "Subject", info.Subject);
        AppendText(infoText, "Producer", info.Producer);
        var offset = info.CreationDate.Offset;
        // §7.9.4 date: D:YYYYMMDDHHmmSSOHH'mm
        string date = "D:" + info.CreationDate.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            + (offset == TimeSpan.Zero ? "Z" : (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\'mm", CultureInfo.InvariantCulture));
        infoText.Append("/CreationDate (").Append(date).Append(") >>");
        writer.WriteObject(infoId, infoText.ToString());
        writer.WriteObject(catalogId, $"<< /Type /Catalog /Pages {pagesId} 0 R >>");
        // §14.4: the file identifier; derived from content-independent facts plus randomness, as the spec allows.
        byte[] id = SHA256.HashData(Encoding.UTF8.GetBytes($"{info.Title}|{date}|{pageIds.Count}|{Guid.NewGuid()}"))[..16];
        writer.Finish(catalogId, infoId, id);
    }

    /// <summary>Text strings in UTF-16BE with a byte order mark (§7.9.2.2), hex-encoded so no escaping is needed.</summary>
    private static void AppendText(StringBuilder target, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        target.Append('/').Append(key).Append(" <FEFF");
        foreach (char c in value)
        {
            target.Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        target.Append("> ");
    }
}
