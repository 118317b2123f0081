using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Pdf;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Composition;

/// <summary>Every text style of a letter, derived from the stylesheet in one place.</summary>
public sealed class TextStyles
{
    internal TextStyles(LetterStylesheet stylesheet)
    {
        var text = stylesheet.Text;
        string body = stylesheet.Fonts.Body, headings = stylesheet.Fonts.Headings ?? body;
        LineHeight = text.LineHeight;
        Body = new TextStyle(body, text.Size, text.Color);
        Subject = Body with { Family = headings, Bold = true };
        Headings =
        [
            new TextStyle(headings, Math.Round(text.Size * 1.35, 1), text.AccentColor, Bold: true),
            new TextStyle(headings, Math.Round(text.Size * 1.2, 1), text.AccentColor, Bold: true),
            new TextStyle(headings, Math.Round(text.Size * 1.05, 1), text.AccentColor, Bold: true),
        ];
        LetterheadName = new TextStyle(headings, 16, text.AccentColor, Bold: true);
        LetterheadLine = new TextStyle(body, 9, text.Color);
        ReturnAddress = new TextStyle(body, 7, text.Color);
        Address = Body;
        InformationLabel = new TextStyle(body, 7.5, text.Color);
        InformationValue = new TextStyle(body, 9.5, text.Color);
        Footer = new TextStyle(body, stylesheet.Footer.Size, text.Color);
        Small = new TextStyle(body, 8, text.Color);
        Rule = text.AccentColor;
        TableBorder = new PdfColor(0x80, 0x80, 0x80);
    }

    public double LineHeight { get; }

    public TextStyle Body { get; }

    public TextStyle Subject { get; }

    /// <summary>h1 to h3.</summary>
    public IReadOnlyList<TextStyle> Headings { get; }

    public TextStyle LetterheadName { get; }

    public TextStyle LetterheadLine { get; }

    public TextStyle ReturnAddress { get; }

    public TextStyle Address { get; }

    public TextStyle InformationLabel { get; }

    public TextStyle InformationValue { get; }

    public TextStyle Footer { get; }

    /// <summary>Follow-up page header and page numbers.</summary>
    public TextStyle Small { get; }

    public PdfColor Rule { get; }

    public PdfColor TableBorder { get; }

    public ParagraphStyle BodyParagraph => new(TextAlignment.Left, 0, Body.Size * 0.6, LineHeight: LineHeight);
}
