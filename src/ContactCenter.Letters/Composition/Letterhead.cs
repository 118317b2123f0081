using ContactCenter.Letters.Images;
using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Composition;

/// <summary>Page one's letterhead: the logo and the sender's lines, within the letterhead height of the form.</summary>
internal sealed class Letterhead(LetterheadSetup setup, LetterImage? logo, TextStyles styles, LetterGeometry geometry)
{
    public void Draw(LetterPage page)
    {
        if (logo is not null && setup.Logo is { } placement)
        {
            page.Image(logo, placement.X, placement.Y, placement.Width);
        }
        var alignment = setup.Align switch
        {
            HorizontalAlignment.Left => TextAlignment.Left,
            HorizontalAlignment.Center => TextAlignment.Center,
            _ => TextAlignment.Right,
        };
        // Beside a logo on the same side, the lines keep clear of it.
        double left = geometry.Left, right = geometry.Right;
        if (logo is not null && setup.Logo is { } l && setup.Align == HorizontalAlignment.Right && l.X > geometry.PageWidth / 2)
        {
            right = Math.Max(left + 40, l.X - 5);
        }
        double y = 12;
        for (int i = 0; i < setup.Lines.Count; i++)
        {
            var style = i == 0 ? styles.LetterheadName : styles.LetterheadLine;
            y += page.Text(setup.Lines[i], style, left, y, right - left, alignment);
        }
    }
}
