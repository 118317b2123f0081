using System.Globalization;
using System.Text;

namespace ContactCenter.Letters.Pdf;

/// <summary>
/// Builds one page's content stream (ISO 32000-1 §8, §9.4). Coordinates are in points from the top-left corner of
/// the page, as a layout thinks; they are turned into PDF's bottom-left user space here.
/// </summary>
public sealed class PdfCanvas
{
    private readonly StringBuilder content = new(4096);
    private readonly StringBuilder scratch = new(256);
    private PdfColor? fill, stroke;
    private double lineWidth = -1;

    internal PdfCanvas(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    internal HashSet<PdfFont> Fonts { get; } = [];

    internal HashSet<PdfImage> Images { get; } = [];

    internal string Content => content.ToString();

    /// <summary>Shows text with its baseline at <paramref name="baseline"/>; the font must cover every character.</summary>
    public void DrawText(PdfFont font, double size, PdfColor color, double x, double baseline, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        Fonts.Add(font);
        SetFill(color);
        scratch.Clear();
        font.Encode(text, scratch);
        content.Append("BT /").Append(font.ResourceName).Append(' ').Append(N(size)).Append(" Tf ")
            .Append(N(x)).Append(' ').Append(N(Height - baseline)).Append(" Td ").Append(scratch).Append(" Tj ET\n");
    }

    public void DrawLine(double x1, double y1, double x2, double y2, double width, PdfColor color)
    {
        SetStroke(color);
        SetLineWidth(width);
        content.Append(N(x1)).Append(' ').Append(N(Height - y1)).Append(" m ")
            .Append(N(x2)).Append(' ').Append(N(Height - y2)).Append(" l S\n");
    }

    public void FillRectangle(double x, double y, double width, double height, PdfColor color)
    {
        SetFill(color);
        content.Append(N(x)).Append(' ').Append(N(Height - y - height)).Append(' ').Append(N(width)).Append(' ').Append(N(height)).Append(" re f\n");
    }

    public void StrokeRectangle(double x, double y, double width, double height, double lineWidthPoints, PdfColor color)
    {
        SetStroke(color);
        SetLineWidth(lineWidthPoints);
        content.Append(N(x)).Append(' ').Append(N(Height - y - height)).Append(' ').Append(N(width)).Append(' ').Append(N(height)).Append(" re S\n");
    }

    /// <summary>Draws an image scaled into the box whose top-left corner is (x, y).</summary>
    public void DrawImage(PdfImage image, double x, double y, double width, double height)
    {
        Images.Add(image);
        content.Append("q ").Append(N(width)).Append(" 0 0 ").Append(N(height)).Append(' ').Append(N(x)).Append(' ')
            .Append(N(Height - y - height)).Append(" cm /").Append(image.ResourceName).Append(" Do Q\n");
    }

    private void SetFill(PdfColor color)
    {
        if (fill != color)
        {
            fill = color;
            content.Append(color.Operands).Append(" rg\n");
        }
    }

    private void SetStroke(PdfColor color)
    {
        if (stroke != color)
        {
            stroke = color;
            content.Append(color.Operands).Append(" RG\n");
        }
    }

    private void SetLineWidth(double width)
    {
        if (lineWidth != width)
        {
            lineWidth = width;
            content.Append(N(width)).Append(" w\n");
        }
    }

    private static string N(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
