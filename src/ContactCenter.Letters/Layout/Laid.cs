using ContactCenter.Letters.Fonts;
using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Layout;

/// <summary>Something drawn on a line; x from the frame's left edge, y from the line's top, both in points.</summary>
internal abstract record Piece
{
    public abstract Piece Shift(double dx, double dy);

    public abstract void Draw(PdfDocument document, PdfCanvas canvas, double left, double top);
}

internal sealed record TextPiece(TrueTypeFont Font, double Size, PdfColor Color, double X, double Baseline, string Text) : Piece
{
    public override Piece Shift(double dx, double dy) => this with { X = X + dx, Baseline = Baseline + dy };

    public override void Draw(PdfDocument document, PdfCanvas canvas, double left, double top) =>
        canvas.DrawText(document.GetFont(Font), Size, Color, left + X, top + Baseline, Text);
}

internal sealed record RulePiece(double X1, double Y1, double X2, double Y2, double Width, PdfColor Color) : Piece
{
    public override Piece Shift(double dx, double dy) => new RulePiece(X1 + dx, Y1 + dy, X2 + dx, Y2 + dy, Width, Color);

    public override void Draw(PdfDocument document, PdfCanvas canvas, double left, double top) =>
        canvas.DrawLine(left + X1, top + Y1, left + X2, top + Y2, Width, Color);
}

/// <summary>A line of a laid-out block (or a whole table row): its height and what is drawn on it.</summary>
internal sealed class LaidLine(double height, List<Piece> pieces)
{
    public double Height => height;

    public List<Piece> Pieces => pieces;

    public void Draw(PdfDocument document, PdfCanvas canvas, double left, double top)
    {
        foreach (var piece in pieces)
        {
            piece.Draw(document, canvas, left, top);
        }
    }
}

/// <summary>A block broken into lines, with the rules the paginator must keep.</summary>
internal sealed class LaidBlock(List<LaidLine> lines, double spaceBefore, double spaceAfter, bool keepWithNext, bool keepTogether)
{
    public List<LaidLine> Lines => lines;

    public double SpaceBefore => spaceBefore;

    public double SpaceAfter { get; set; } = spaceAfter;

    public bool KeepWithNext => keepWithNext;

    public bool KeepTogether => keepTogether;

    public double Height => lines.Sum(l => l.Height);
}
