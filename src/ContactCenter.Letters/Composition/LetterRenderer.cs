using ContactCenter.Letters.Fonts;
using ContactCenter.Letters.Images;
using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Pdf;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Composition;

/// <summary>
/// Renders letters in one stylesheet's design. Fonts and the logo are loaded once, so one renderer serves a whole
/// batch; it is safe to use from several threads. The letter is laid out completely before the first byte is
/// written, so bad input fails before any output exists.
/// </summary>
public sealed class LetterRenderer
{
    private const double Pt = LetterGeometry.PointsPerMillimetre;

    private readonly LetterStylesheet stylesheet;
    private readonly FontResolver fonts;
    private readonly LetterImage? logo;
    private readonly TextStyles styles;
    private readonly LetterGeometry geometry;
    private readonly Footer footer;

    private LetterRenderer(LetterStylesheet stylesheet, FontResolver fonts, LetterImage? logo)
    {
        this.stylesheet = stylesheet;
        this.fonts = fonts;
        this.logo = logo;
        styles = new TextStyles(stylesheet);
        geometry = new LetterGeometry(stylesheet);
        footer = new Footer(stylesheet.Footer, styles, geometry);
    }

    public LetterStylesheet Stylesheet => stylesheet;

    /// <summary>Loads the stylesheet's fonts and logo.</summary>
    /// <exception cref="InvalidFontException">A font file is missing or not a usable TrueType font.</exception>
    /// <exception cref="InvalidImageException">The logo is missing or not a usable PNG or JPEG.</exception>
    public static LetterRenderer Create(LetterStylesheet stylesheet)
    {
        ArgumentNullException.ThrowIfNull(stylesheet);
        var families = new Dictionary<string, FontFaces>(StringComparer.Ordinal);
        foreach (var (name, family) in stylesheet.Fonts.Families)
        {
            families[name] = new FontFaces(
                TrueTypeFont.Load(family.Regular),
                family.Bold is null ? null : TrueTypeFont.Load(family.Bold),
                family.Italic is null ? null : TrueTypeFont.Load(family.Italic),
                family.BoldItalic is null ? null : TrueTypeFont.Load(family.BoldItalic));
        }
        var logo = stylesheet.Letterhead.Logo is { } l ? LetterImage.Load(l.File) : null;
        return new LetterRenderer(stylesheet, new FontResolver(families, stylesheet.Fonts.Fallback), logo);
    }

    /// <summary>Renders one letter as a PDF to the stream.</summary>
    /// <exception cref="LetterInputException">The letter body cannot be laid out (e.g. HTML nested too deeply).</exception>
    public void Render(Letter letter, Stream output)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(output);
        double footerHeight = footer.Height;
        double bodyBottom = geometry.FooterBottom - footerHeight - PageNumber.Height;
        var laid = new BlockLayout(fonts).Layout(Flow(letter), geometry.TextWidth * Pt);
        var pages = Paginator.Paginate(laid, page => new Frame(
            (page == 0 ? geometry.FirstPageBodyTop : geometry.FollowUpBodyTop) * Pt, bodyBottom * Pt));

        var document = new PdfDocument(output, new PdfDocumentInfo(letter.Subject, LetterGeometry.FirstOf(stylesheet.Letterhead.Lines), LetterGeometry.FirstOf(letter.Recipient)));
        var letterhead = new Letterhead(stylesheet.Letterhead, logo, styles, geometry);
        var address = new AddressBlock(stylesheet.Letterhead.ReturnAddress, letter.Recipient, styles, geometry);
        var information = new InformationBlock(letter, stylesheet, styles, geometry);
        var followUp = new FollowUpHeader(letter, stylesheet, styles, geometry);
        var pageNumber = new PageNumber(stylesheet.Labels, styles, geometry);
        var marks = new FoldMarks(stylesheet.Marks, styles, geometry);
        for (int i = 0; i < pages.Count; i++)
        {
            var canvas = PdfDocument.CreatePage(geometry.PageWidth * Pt, geometry.PageHeight * Pt);
            var page = new LetterPage(document, canvas, fonts, i + 1, pages.Count);
            if (i == 0)
            {
                letterhead.Draw(page);
                address.Draw(page);
                information.Draw(page);
                marks.Draw(page);
            }
            else
            {
                followUp.Draw(page);
            }
            foreach (var placed in pages[i])
            {
                placed.Line.Draw(document, canvas, geometry.Left * Pt, placed.Top);
            }
            pageNumber.Draw(page, footerHeight);
            footer.Draw(page);
            document.AddPage(canvas);
        }
        document.Close();
    }

    /// <summary>Subject, salutation, body, closing, signature and enclosures as one flow of blocks.</summary>
    private List<Block> Flow(Letter letter)
    {
        double line = styles.Body.Size * styles.LineHeight;
        var blocks = new List<Block>();
        if (!string.IsNullOrWhiteSpace(letter.Subject))
        {
            blocks.Add(new Paragraph([new TextRun(letter.Subject.Trim(), styles.Subject)], new ParagraphStyle(SpaceAfter: line * 1.5, KeepWithNext: true, LineHeight: styles.LineHeight)));
        }
        if (!string.IsNullOrWhiteSpace(letter.Salutation))
        {
            blocks.Add(new Paragraph([new TextRun(letter.Salutation.Trim(), styles.Body)], styles.BodyParagraph with { SpaceAfter = line * 0.6, KeepWithNext = true }));
        }
        blocks.AddRange(letter.Body.ToBlocks(styles));
        if (!string.IsNullOrWhiteSpace(letter.Closing))
        {
            blocks.Add(new Paragraph([new TextRun(letter.Closing.Trim(), styles.Body)], styles.BodyParagraph with { SpaceBefore = line * 0.4, SpaceAfter = 0, KeepWithNext = letter.Signature.Count > 0 }));
        }
        if (letter.Signature.Count > 0)
        {
            // Room for a handwritten signature above the typed name.
            blocks.Add(new Paragraph([new TextRun(string.Join('\n', letter.Signature), styles.Body)], styles.BodyParagraph with { SpaceBefore = line * 2.5, KeepTogether = true }));
        }
        if (letter.Enclosures.Count > 0)
        {
            blocks.Add(new Paragraph([new TextRun(stylesheet.Labels.Enclosures, styles.Body with { Bold = true })], styles.BodyParagraph with { SpaceBefore = line, SpaceAfter = 0, KeepWithNext = true }));
            blocks.Add(new Paragraph([new TextRun(string.Join('\n', letter.Enclosures), styles.Body)], styles.BodyParagraph));
        }
        return blocks;
    }
}
