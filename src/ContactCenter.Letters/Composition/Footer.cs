using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Composition;

/// <summary>The footer on every page: up to four columns of lines above the bottom margin, under a thin rule.</summary>
internal sealed class Footer(FooterSetup setup, TextStyles styles, LetterGeometry geometry)
{
    private const double LineFactor = 1.25;

    /// <summary>Height of the footer including the rule's gap, in millimetres.</summary>
    public double Height
    {
        get
        {
            int lines = setup.Columns.Count == 0 ? 0 : setup.Columns.Max(c => c.Count);
            return lines == 0 ? 0 : lines * setup.Size * LineFactor / LetterGeometry.PointsPerMillimetre + 3;
        }
    }

    public void Draw(LetterPage page)
    {
        if (Height == 0)
        {
            return;
        }
        double top = geometry.FooterBottom - Height;
        page.Line(geometry.Left, top, geometry.Right, top, 0.5, styles.Rule);
        int columns = Math.Min(4, setup.Columns.Count);
        double width = geometry.TextWidth / columns;
        for (int c = 0; c < columns; c++)
        {
            double y = top + 2;
            foreach (string line in setup.Columns[c])
            {
                y += page.Text(line, styles.Footer, geometry.Left + c * width, y, width - 2, lineHeight: LineFactor);
            }
        }
    }
}
