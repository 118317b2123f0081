using System.Globalization;
using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Letters.Composition;

/// <summary>The short header of pages two and on: sender left; recipient and date right; a rule below.</summary>
internal sealed class FollowUpHeader(Letter letter, LetterStylesheet stylesheet, TextStyles styles, LetterGeometry geometry)
{
    public void Draw(LetterPage page)
    {
        double y = geometry.FollowUpHeaderTop, half = geometry.TextWidth / 2;
        string sender = LetterGeometry.FirstOf(stylesheet.Letterhead.Lines) ?? "";
        string right = string.Join(", ", new[] { LetterGeometry.FirstOf(letter.Recipient), letter.Date.ToString(stylesheet.DateFormat, CultureInfo.GetCultureInfo(stylesheet.Locale)) }
            .Where(s => !string.IsNullOrEmpty(s)));
        double h = Math.Max(
            page.Text(sender, styles.Small, geometry.Left, y, half),
            page.Text(right, styles.Small, geometry.Left + half, y, half, TextAlignment.Right));
        page.Line(geometry.Left, y + h + 1, geometry.Right, y + h + 1, 0.4, styles.Rule);
    }
}

/// <summary>"Page n of m" right-aligned above the footer, on every page of a letter with more than one page.</summary>
internal sealed class PageNumber(LetterLabels labels, TextStyles styles, LetterGeometry geometry)
{
    public const double Height = 6;

    public void Draw(LetterPage page, double footerHeight)
    {
        if (page.Count < 2)
        {
            return;
        }
        string text = labels.Page
            .Replace("{page}", page.Number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{pages}", page.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        page.Text(text, styles.Small, geometry.Left, geometry.FooterBottom - footerHeight - Height + 1.5, geometry.TextWidth, TextAlignment.Right);
    }
}

/// <summary>Fold marks and the hole mark at the left edge (DIN 5008), when the stylesheet switches them on.</summary>
internal sealed class FoldMarks(MarksSetup setup, TextStyles styles, LetterGeometry geometry)
{
    public void Draw(LetterPage page)
    {
        if (setup.Fold)
        {
            foreach (double y in geometry.FoldMarks)
            {
                page.Line(3.5, y, 8.5, y, 0.5, styles.Body.Color);
            }
        }
        if (setup.Hole)
        {
            page.Line(3.5, geometry.HoleMark, 11.5, geometry.HoleMark, 0.5, styles.Body.Color);
        }
    }
}
