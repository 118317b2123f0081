using System.Collections.Concurrent;
using System.Text;

namespace ContactCenter.Letters.Fonts;

/// <summary>
/// A parsed TrueType font (glyf outlines): the character map, horizontal metrics and the tables a subset needs.
/// Immutable once loaded and shared by every letter of a batch (see <see cref="Load"/>).
/// </summary>
public sealed class TrueTypeFont
{
    private static readonly ConcurrentDictionary<string, Lazy<TrueTypeFont>> Cache = new(StringComparer.Ordinal);

    private readonly ushort[] bmp = new ushort[65536];
    private readonly Dictionary<int, ushort> supplementary = [];
    private readonly ushort[] advances;
    private const int MaxMappings = 2_500_000;
    private int mapped;

    private TrueTypeFont(byte[] data, string source)
    {
        Source = source;
        Data = data;
        var r = new FontReader(data, source);
        if (data.Length < 12)
        {
            throw new InvalidFontException($"The font file '{source}' is not a font: it is only {data.Length} bytes long.");
        }
        uint version = r.U32(0);
        if (version == 0x4F54544F)
        {
            throw new InvalidFontException($"The font file '{source}' is an OpenType font with CFF outlines; only TrueType outlines (glyf) are supported.");
        }
        if (version == 0x74746366)
        {
            throw new InvalidFontException($"The font file '{source}' is a font collection (.ttc); name a single .ttf font instead.");
        }
        if (version != 0x00010000 && version != 0x74727565)
        {
            throw new InvalidFontException($"The font file '{source}' is not a TrueType font (it does not start with a TrueType version tag).");
        }
        int tableCount = r.U16(4);
        for (int i = 0; i < tableCount; i++)
        {
            int entry = 12 + i * 16;
            string tag = Encoding.ASCII.GetString(r.Slice(entry, 4));
            int offset = checked((int)r.U32(entry + 8));
            int length = checked((int)r.U32(entry + 12));
            r.Slice(offset, length);
            Tables[tag] = (offset, length);
        }
        foreach (string required in new[] { "head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf" })
        {
            if (!Tables.ContainsKey(required))
            {
                throw new InvalidFontException($"The font file '{source}' lacks the '{required}' table a TrueType font needs.");
            }
        }

        var head = Tables["head"].Offset;
        UnitsPerEm = r.U16(head + 18);
        if (UnitsPerEm is < 16 or > 16384)
        {
            throw new InvalidFontException($"The font file '{source}' declares an impossible units-per-em value ({UnitsPerEm}).");
        }
        BoundingBox = (r.S16(head + 36), r.S16(head + 38), r.S16(head + 40), r.S16(head + 42));
        MacStyle = r.U16(head + 44);
        LongLocaOffsets = r.S16(head + 50) == 1;

        GlyphCount = r.U16(Tables["maxp"].Offset + 4);
        var hhea = Tables["hhea"].Offset;
        Ascender = r.S16(hhea + 4);
        Descender = r.S16(hhea + 6);
        int metricCount = r.U16(hhea + 34);
        if (metricCount == 0 || metricCount > GlyphCount)
        {
            throw new InvalidFontException($"The font file '{source}' has an inconsistent horizontal metrics table.");
        }
        advances = new ushort[GlyphCount];
        var hmtx = Tables["hmtx"].Offset;
        LeftSideBearings = new short[GlyphCount];
        for (int g = 0; g < GlyphCount; g++)
        {
            advances[g] = g < metricCount ? r.U16(hmtx + g * 4) : advances[metricCount - 1];
            LeftSideBearings[g] = g < metricCount ? r.S16(hmtx + g * 4 + 2) : r.S16(hmtx + metricCount * 4 + (g - metricCount) * 2);
        }

        GlyphOffsets = new int[GlyphCount + 1];
        var loca = Tables["loca"];
        var glyfLength = Tables["glyf"].Length;
        for (int g = 0; g <= GlyphCount; g++)
        {
            int offset = LongLocaOffsets ? checked((int)r.U32(loca.Offset + g * 4)) : r.U16(loca.Offset + g * 2) * 2;
            if (offset > glyfLength || (g > 0 && offset < GlyphOffsets[g - 1]))
            {
                throw new InvalidFontException($"The font file '{source}' has a damaged glyph location table (glyph {g}).");
            }
            GlyphOffsets[g] = offset;
        }

        ReadCharacterMap(r);
        ReadDescriptorValues(r);
    }

    /// <summary>Where the font came from (a file path), for error messages.</summary>
    public string Source { get; }

    internal byte[] Data { get; }

    internal Dictionary<string, (int Offset, int Length)> Tables { get; } = new(StringComparer.Ordinal);

    public int UnitsPerEm { get; }

    public int GlyphCount { get; }

    public short Ascender { get; }

    public short Descender { get; }

    public string PostScriptName { get; private set; } = "Font";

    public double ItalicAngle { get; private set; }

    public short CapHeight { get; private set; }

    public bool IsFixedPitch { get; private set; }

    internal (short XMin, short YMin, short XMax, short YMax) BoundingBox { get; }

    internal ushort MacStyle { get; }

    internal bool LongLocaOffsets { get; }

    internal int[] GlyphOffsets { get; }

    internal short[] LeftSideBearings { get; }

    /// <summary>
    /// Loads a font file once per process; later calls with the same path share the parsed font.
    /// </summary>
    /// <exception cref="InvalidFontException">The file is missing, unreadable or not a usable TrueType font.</exception>
    public static TrueTypeFont Load(string path)
    {
        string full = Path.GetFullPath(path);
        var lazy = Cache.GetOrAdd(full, p => new Lazy<TrueTypeFont>(() => Parse(ReadFile(p), p)));
        try
        {
            return lazy.Value;
        }
        catch (InvalidFontException)
        {
            // A bad file must not poison the cache: it may be replaced by a good one.
            Cache.TryRemove(new KeyValuePair<string, Lazy<TrueTypeFont>>(full, lazy));
            throw;
        }
    }

    /// <summary>Parses font bytes.</summary>
    /// <exception cref="InvalidFontException">The bytes are not a usable TrueType font.</exception>
    public static TrueTypeFont Parse(byte[] data, string source)
    {
        try
        {
            return new TrueTypeFont(data, source);
        }
        catch (OverflowException e)
        {
            throw new InvalidFontException($"The font file '{source}' is damaged: a table offset is out of range.", e);
        }
    }

    /// <summary>The glyph for a Unicode code point, or 0 (.notdef) when the font does not cover it.</summary>
    public ushort GlyphOf(int codePoint) =>
        codePoint < 0x10000 ? bmp[codePoint] : supplementary.GetValueOrDefault(codePoint);

    public bool Covers(int codePoint) => GlyphOf(codePoint) != 0;

    /// <summary>The advance width of a glyph in font units.</summary>
    public int Advance(ushort glyph) => glyph < advances.Length ? advances[glyph] : 0;

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidFontException($"The font file '{path}' cannot be read: {e.Message}", e);
        }
    }

    private void ReadCharacterMap(FontReader r)
    {
        var cmap = Tables["cmap"].Offset;
        int count = r.U16(cmap + 2);
        int best = -1, bestScore = 0;
        for (int i = 0; i < count; i++)
        {
            int platform = r.U16(cmap + 4 + i * 8), encoding = r.U16(cmap + 6 + i * 8);
            int offset = cmap + checked((int)r.U32(cmap + 8 + i * 8));
            int format = r.U16(offset);
            // Prefer the full Unicode map (format 12), then the BMP map (format 4) of the Windows or Unicode platform.
            int score = (platform, encoding, format) switch
            {
                (3, 10, 12) or (0, 4, 12) or (0, 6, 12) => 3,
                (3, 1, 4) or (0, _, 4) => 2,
                _ => 0,
            };
            if (score > bestScore)
            {
                best = offset;
                bestScore = score;
            }
        }
        if (best < 0)
        {
            throw new InvalidFontException($"The font file '{Source}' has no Unicode character map.");
        }
        if (r.U16(best) == 12)
        {
            int groups = checked((int)r.U32(best + 12));
            for (int i = 0; i < groups; i++)
            {
                int g = best + 16 + i * 12;
                uint start = r.U32(g), end = Math.Min(r.U32(g + 4), 0x10FFFF), glyph = r.U32(g + 8);
                for (uint c = start; c <= end; c++)
                {
                    Map((int)c, glyph + (c - start));
                }
            }
        }
        else
        {
            int segments = r.U16(best + 6) / 2;
            int ends = best + 14, starts = ends + segments * 2 + 2, deltas = starts + segments * 2, rangeOffsets = deltas + segments * 2;
            for (int s = 0; s < segments; s++)
            {
                int end = r.U16(ends + s * 2), start = r.U16(starts + s * 2);
                short delta = r.S16(deltas + s * 2);
                int rangeOffset = r.U16(rangeOffsets + s * 2);
                for (int c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0)
                    {
                        glyph = (c + delta) & 0xFFFF;
                    }
                    else
                    {
                        glyph = r.U16(rangeOffsets + s * 2 + rangeOffset + (c - start) * 2);
                        if (glyph != 0)
                        {
                            glyph = (glyph + delta) & 0xFFFF;
                        }
                    }
                    Map(c, (uint)glyph);
                }
            }
        }
    }

    private void Map(int codePoint, uint glyph)
    {
        // A damaged or hostile map could list the whole Unicode range many times over; no real font needs that.
        if (++mapped > MaxMappings)
        {
            throw new InvalidFontException($"The font file '{Source}' has an implausibly large character map.");
        }
        if (glyph == 0 || glyph >= GlyphCount)
        {
            return;
        }
        if (codePoint < 0x10000)
        {
            bmp[codePoint] = (ushort)glyph;
        }
        else
        {
            supplementary[codePoint] = (ushort)glyph;
        }
    }

    private void ReadDescriptorValues(FontReader r)
    {
        if (Tables.TryGetValue("post", out var post) && post.Length >= 16)
        {
            ItalicAngle = r.S16(post.Offset + 4) + r.U16(post.Offset + 6) / 65536.0;
            IsFixedPitch = r.U32(post.Offset + 12) != 0;
        }
        CapHeight = Ascender;
        if (Tables.TryGetValue("OS/2", out var os2) && os2.Length >= 90 && r.U16(os2.Offset) >= 2)
        {
            CapHeight = r.S16(os2.Offset + 88);
        }
        if (Tables.TryGetValue("name", out var name))
        {
            PostScriptName = ReadPostScriptName(r, name.Offset) ?? Path.GetFileNameWithoutExtension(Source);
        }
        // A PDF name may not contain delimiters or spaces (§7.3.5); keep only what is safe.
        PostScriptName = new string([.. PostScriptName.Where(c => c is > ' ' and < '\u007f' and not ('/' or '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '%' or '#'))]);
        if (PostScriptName.Length == 0)
        {
            PostScriptName = "Font";
        }
    }

    private static string? ReadPostScriptName(FontReader r, int table)
    {
        int count = r.U16(table + 2), strings = table + r.U16(table + 4);
        for (int i = 0; i < count; i++)
        {
            int rec = table + 6 + i * 12;
            int platform = r.U16(rec), nameId = r.U16(rec + 6), length = r.U16(rec + 8), offset = r.U16(rec + 10);
            if (nameId != 6)
            {
                continue;
            }
            var bytes = r.Slice(strings + offset, length);
            return platform is 3 or 0 ? Encoding.BigEndianUnicode.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        }
        return null;
    }
}
