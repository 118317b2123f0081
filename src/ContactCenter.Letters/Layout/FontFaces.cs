using System.Text;
using ContactCenter.Letters.Fonts;

namespace ContactCenter.Letters.Layout;

/// <summary>The four faces of a font family; missing faces fall back to the regular one.</summary>
public sealed record FontFaces(TrueTypeFont Regular, TrueTypeFont? Bold = null, TrueTypeFont? Italic = null, TrueTypeFont? BoldItalic = null)
{
    public TrueTypeFont Face(bool bold, bool italic) => (bold, italic) switch
    {
        (true, true) => BoldItalic ?? Bold ?? Italic ?? Regular,
        (true, false) => Bold ?? Regular,
        (false, true) => Italic ?? Regular,
        _ => Regular,
    };
}

/// <summary>
/// Picks the font for each character: the style's family, else the fallback family, so a character the letter
/// font lacks is still shown; a character no font has is shown as U+FFFD (or '?'), never as a silent blank.
/// </summary>
public sealed class FontResolver(IReadOnlyDictionary<string, FontFaces> families, string fallbackFamily)
{
    private const int Replacement = 0xFFFD;

    public TrueTypeFont Primary(TextStyle style) =>
        (families.TryGetValue(style.Family, out var faces) ? faces : families[fallbackFamily]).Face(style.Bold, style.Italic);

    /// <summary>The font to draw a code point with, and the code point to draw (a replacement when no font has it).</summary>
    public (TrueTypeFont Font, int CodePoint) Resolve(TextStyle style, int codePoint)
    {
        var primary = Primary(style);
        if (primary.Covers(codePoint))
        {
            return (primary, codePoint);
        }
        var fallback = families[fallbackFamily].Face(style.Bold, style.Italic);
        if (fallback.Covers(codePoint))
        {
            return (fallback, codePoint);
        }
        if (fallback.Covers(Replacement))
        {
            return (fallback, Replacement);
        }
        return (primary, '?');
    }

    /// <summary>Width of a string in points, resolving fonts character by character.</summary>
    public double Measure(string text, TextStyle style)
    {
        double width = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            var (font, cp) = Resolve(style, rune.Value);
            width += font.Advance(font.GlyphOf(cp)) * style.Size / font.UnitsPerEm;
        }
        return width;
    }
}
