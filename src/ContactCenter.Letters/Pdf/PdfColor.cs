using System.Globalization;

namespace ContactCenter.Letters.Pdf;

/// <summary>An RGB colour with components from 0 to 255.</summary>
public readonly record struct PdfColor(byte R, byte G, byte B)
{
    public static readonly PdfColor Black = new(0, 0, 0);

    /// <summary>Parses <c>#RRGGBB</c> or <c>#RGB</c>; returns false for anything else.</summary>
    public static bool TryParse(string? text, out PdfColor color)
    {
        color = Black;
        if (text is null || text.Length is not (4 or 7) || text[0] != '#')
        {
            return false;
        }
        string hex = text.Length == 4 ? string.Concat(text[1], text[1], text[2], text[2], text[3], text[3]) : text[1..];
        if (!uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
        {
            return false;
        }
        color = new PdfColor((byte)(value >> 16), (byte)(value >> 8), (byte)value);
        return true;
    }

    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";

    internal string Operands => string.Create(CultureInfo.InvariantCulture, $"{R / 255.0:0.###} {G / 255.0:0.###} {B / 255.0:0.###}");
}
