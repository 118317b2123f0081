using System.Globalization;
using System.Text;
using ContactCenter.Letters.Fonts;

namespace ContactCenter.Letters.Pdf;

/// <summary>
/// One TrueType font as used by one document: a Type0 font with Identity-H encoding over a CIDFontType2 subset
/// (ISO 32000-1 §9.7). Character ids are handed out in order of first use and equal the glyph ids of the subset.
/// </summary>
public sealed class PdfFont
{
    private readonly List<ushort> glyphs = [0];
    private readonly List<int> unicodes = [0];
    private readonly Dictionary<ushort, ushort> cidOf = [];

    internal PdfFont(TrueTypeFont font, string resourceName, int objectId)
    {
        Font = font;
        ResourceName = resourceName;
        ObjectId = objectId;
        Scale = 1000.0 / font.UnitsPerEm;
    }

    public TrueTypeFont Font { get; }

    internal string ResourceName { get; }

    internal int ObjectId { get; }

    private double Scale { get; }

    /// <summary>Width of the text in points at the given size (the font must cover every character).</summary>
    public double Measure(ReadOnlySpan<char> text, double size)
    {
        int units = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            units += Font.Advance(Font.GlyphOf(rune.Value));
        }
        return units * size / Font.UnitsPerEm;
    }

    /// <summary>Appends the text as a hex string of two-byte character ids, registering the glyphs it uses.</summary>
    internal void Encode(ReadOnlySpan<char> text, StringBuilder hex)
    {
        hex.Append('<');
        foreach (Rune rune in text.EnumerateRunes())
        {
            ushort glyph = Font.GlyphOf(rune.Value);
            if (!cidOf.TryGetValue(glyph, out ushort cid))
            {
                cid = (ushort)glyphs.Count;
                cidOf[glyph] = cid;
                glyphs.Add(glyph);
                unicodes.Add(rune.Value);
            }
            hex.Append(cid.ToString("X4", CultureInfo.InvariantCulture));
        }
        hex.Append('>');
    }

    /// <summary>Writes the font objects once every page is written and the glyph set is known.</summary>
    internal void Write(PdfObjectWriter writer)
    {
        int usedCount = glyphs.Count;
        byte[] subset = TrueTypeSubsetter.Subset(Font, glyphs);
        string name = SubsetTag() + "+" + Font.PostScriptName;
        int cidFontId = writer.Reserve(), descriptorId = writer.Reserve(), fileId = writer.Reserve(), toUnicodeId = writer.Reserve();

        writer.WriteObject(ObjectId, $"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cidFontId} 0 R] /ToUnicode {toUnicodeId} 0 R >>");

        var widths = new StringBuilder(usedCount * 5 + 32);
        widths.Append("[0 [");
        for (int cid = 0; cid < usedCount; cid++)
        {
            widths.Append(Math.Round(Font.Advance(glyphs[cid]) * Scale).ToString(CultureInfo.InvariantCulture)).Append(' ');
        }
        widths.Append("]]");
        writer.WriteObject(cidFontId, $"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptorId} 0 R /DW 1000 /W {widths} /CIDToGIDMap /Identity >>");

        var (xMin, yMin, xMax, yMax) = Font.BoundingBox;
        bool italic = Font.ItalicAngle != 0 || (Font.MacStyle & 2) != 0;
        // §9.8.2: bit 6 nonsymbolic, bit 7 italic, bit 1 fixed pitch.
        int flags = 32 | (italic ? 64 : 0) | (Font.IsFixedPitch ? 1 : 0);
        writer.WriteObject(descriptorId, string.Create(CultureInfo.InvariantCulture,
            $"<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{S(xMin)} {S(yMin)} {S(xMax)} {S(yMax)}] /ItalicAngle {Font.ItalicAngle:0.##} /Ascent {S(Font.Ascender)} /Descent {S(Font.Descender)} /CapHeight {S(Font.CapHeight)} /StemV 80 /FontFile2 {fileId} 0 R >>"));
        writer.WriteStream(fileId, $"/Length1 {subset.Length.ToString(CultureInfo.InvariantCulture)}", subset);
        writer.WriteStream(toUnicodeId, "", Encoding.ASCII.GetBytes(ToUnicodeCMap(usedCount)));
    }

    private long S(int units) => (long)Math.Round(units * Scale);

    /// <summary>§9.10.3: maps each character id back to the Unicode text it shows, so text can be searched and copied.</summary>
    private string ToUnicodeCMap(int usedCount)
    {
        var cmap = new StringBuilder(usedCount * 20 + 400);
        cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
            .Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        for (int start = 1; start < usedCount; start += 100)
        {
            int count = Math.Min(100, usedCount - start);
            cmap.Append(count.ToString(CultureInfo.InvariantCulture)).Append(" beginbfchar\n");
            for (int cid = start; cid < start + count; cid++)
            {
                cmap.Append('<').Append(cid.ToString("X4", CultureInfo.InvariantCulture)).Append("> <");
                foreach (char c in char.ConvertFromUtf32(unicodes[cid]))
                {
                    cmap.Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                cmap.Append(">\n");
            }
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.ToString();
    }

    /// <summary>§9.6.4: six capital letters, different for different glyph sets of the same font.</summary>
    private string SubsetTag()
    {
        var hash = new HashCode();
        hash.Add(Font.PostScriptName);
        foreach (ushort g in glyphs)
        {
            hash.Add(g);
        }
        uint value = (uint)hash.ToHashCode();
        Span<char> tag = stackalloc char[6];
        for (int i = 0; i < 6; i++)
        {
            tag[i] = (char)('A' + value % 26);
            value /= 26;
        }
        return new string(tag);
    }
}
