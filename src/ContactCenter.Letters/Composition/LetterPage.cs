using ContactCenter.Letters.Images;
using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Composition;

/// <summary>One page being drawn, with helpers the letter parts share; positions in millimetres from the top-left.</summary>
internal sealed class LetterPage(PdfDocument document, PdfCanvas canvas, FontResolver fonts, int number, int count)
{
    private const double Pt = LetterGeometry.PointsPerMillimetre;
    private readonly LineBreaker breaker = new(fonts);

    public int Number => number;

    public int Count => count;

    public PdfDocument Document => document;

    public PdfCanvas Canvas => canvas;

    /// <summary>Draws text wrapped into a box; returns the height used in millimetres.</summary>
    public double Text(string text, TextStyle style, double x, double y, double width, TextAlignment alignment = TextAlignment.Left, double lineHeight = 1.2)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        var lines = breaker.Break([new TextRun(text, style)], 0, width * Pt, new ParagraphStyle(alignment, LineHeight: lineHeight));
        double top = y * Pt;
        foreach (var line in lines)
        {
            line.Draw(document, canvas, x * Pt, top);
            top += line.Height;
        }
        return top / Pt - y;
    }

    public void Line(double x1, double y1, double x2, double y2, double widthPoints, PdfColor color) =>
        canvas.DrawLine(x1 * Pt, y1 * Pt, x2 * Pt, y2 * Pt, widthPoints, color);

    public void Image(LetterImage image, double x, double y, double width)
    {
        double height = width * image.Height / image.Width;
        canvas.DrawImage(document.GetImage(image), x * Pt, y * Pt, width * Pt, height * Pt);
    }
}
