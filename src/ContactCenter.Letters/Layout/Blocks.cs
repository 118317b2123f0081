using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Layout;

public enum TextAlignment
{
    Left,
    Justify,
    Right,
    Center,
}

/// <summary>How a run of text looks. Sizes are in points.</summary>
public sealed record TextStyle(string Family, double Size, PdfColor Color, bool Bold = false, bool Italic = false, bool Underline = false);

/// <summary>Text in one style; a line feed inside forces a line break.</summary>
public sealed record TextRun(string Text, TextStyle Style);

/// <summary>A piece of flowing content: paragraph, list or table.</summary>
public abstract record Block;

/// <summary>Spacing and breaking rules of a paragraph; spaces in points, line height as a factor of the font size.</summary>
public sealed record ParagraphStyle(
    TextAlignment Alignment = TextAlignment.Left,
    double SpaceBefore = 0,
    double SpaceAfter = 0,
    bool KeepWithNext = false,
    double LineHeight = 1.25,
    bool KeepTogether = false);

public sealed record Paragraph(IReadOnlyList<TextRun> Runs, ParagraphStyle Style) : Block;

/// <summary>A bulleted or numbered list; each item holds blocks of its own (paragraphs, nested lists).</summary>
public sealed record ListBlock(bool Ordered, IReadOnlyList<IReadOnlyList<Block>> Items, TextStyle MarkerStyle, double SpaceAfter = 0) : Block;

public sealed record TableCell(IReadOnlyList<Block> Content);

/// <summary>A simple table: equal column widths, thin borders, rows never split across pages.</summary>
public sealed record TableBlock(IReadOnlyList<IReadOnlyList<TableCell>> Rows, PdfColor BorderColor, double SpaceAfter = 0) : Block;
