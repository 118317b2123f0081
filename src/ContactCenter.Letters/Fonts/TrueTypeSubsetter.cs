using System.Buffers.Binary;

namespace ContactCenter.Letters.Fonts;

/// <summary>
/// Builds a TrueType file holding only the glyphs a document uses, renumbered in order of first use, which is
/// what a CIDFontType2 with an identity CIDToGIDMap needs (ISO 32000-1 §9.7.4.2). Composite glyphs pull in their
/// components, which are appended after the used glyphs with their references rewritten.
/// </summary>
internal static class TrueTypeSubsetter
{
    // Composite glyph flags (OpenType 'glyf' specification).
    private const ushort ArgsAreWords = 0x0001, HaveScale = 0x0008, MoreComponents = 0x0020, HaveXyScale = 0x0040, HaveTwoByTwo = 0x0080;

    /// <summary><c>glyphs</c> holds original glyph ids by new id; entry 0 must be glyph 0 (.notdef). Components are appended.</summary>
    public static byte[] Subset(TrueTypeFont font, List<ushort> glyphs)
    {
        var newIdOf = new Dictionary<ushort, ushort>(glyphs.Count);
        for (int i = 0; i < glyphs.Count; i++)
        {
            newIdOf[glyphs[i]] = (ushort)i;
        }
        var glyf = new List<byte[]>(glyphs.Count);
        int glyfBase = font.Tables["glyf"].Offset;
        for (int i = 0; i < glyphs.Count; i++)
        {
            ushort old = glyphs[i];
            int start = font.GlyphOffsets[old], end = font.GlyphOffsets[old + 1];
            byte[] data = font.Data.AsSpan(glyfBase + start, end - start).ToArray();
            if (data.Length >= 10 && BinaryPrimitives.ReadInt16BigEndian(data) < 0)
            {
                RewriteComponents(font, data, glyphs, newIdOf);
            }
            glyf.Add(data);
        }

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        int glyfSize = glyf.Sum(g => (g.Length + 3) & ~3);
        var glyfTable = new byte[glyfSize];
        var loca = new byte[(glyphs.Count + 1) * 4];
        int at = 0;
        for (int i = 0; i < glyf.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(i * 4), (uint)at);
            glyf[i].CopyTo(glyfTable, at);
            at += (glyf[i].Length + 3) & ~3;
        }
        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(glyf.Count * 4), (uint)at);
        tables["glyf"] = glyfTable;
        tables["loca"] = loca;

        var hmtx = new byte[glyphs.Count * 4];
        for (int i = 0; i < glyphs.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(i * 4), (ushort)font.Advance(glyphs[i]));
            BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan(i * 4 + 2), font.LeftSideBearings[glyphs[i]]);
        }
        tables["hmtx"] = hmtx;

        byte[] head = CopyTable(font, "head");
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checkSumAdjustment, set below
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca offsets
        tables["head"] = head;
        byte[] hhea = CopyTable(font, "hhea");
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)glyphs.Count);
        tables["hhea"] = hhea;
        byte[] maxp = CopyTable(font, "maxp");
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)glyphs.Count);
        tables["maxp"] = maxp;
        // Hinting programs are kept so the glyphs render as the designer meant.
        foreach (string tag in new[] { "cvt ", "fpgm", "prep" })
        {
            if (font.Tables.ContainsKey(tag))
            {
                tables[tag] = CopyTable(font, tag);
            }
        }
        return Assemble(tables);
    }

    private static void RewriteComponents(TrueTypeFont font, byte[] data, List<ushort> glyphs, Dictionary<ushort, ushort> newIdOf)
    {
        int at = 10;
        while (true)
        {
            if (at + 4 > data.Length)
            {
                throw new InvalidFontException($"The font file '{font.Source}' has a damaged composite glyph.");
            }
            ushort flags = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at));
            ushort component = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 2));
            if (component >= font.GlyphCount)
            {
                throw new InvalidFontException($"The font file '{font.Source}' has a composite glyph that refers to a missing glyph.");
            }
            if (!newIdOf.TryGetValue(component, out ushort newId))
            {
                newId = (ushort)glyphs.Count;
                glyphs.Add(component);
                newIdOf[component] = newId;
            }
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at + 2), newId);
            at += 4 + ((flags & ArgsAreWords) != 0 ? 4 : 2);
            at += (flags & HaveScale) != 0 ? 2 : (flags & HaveXyScale) != 0 ? 4 : (flags & HaveTwoByTwo) != 0 ? 8 : 0;
            if ((flags & MoreComponents) == 0)
            {
                return;
            }
        }
    }

    private static byte[] CopyTable(TrueTypeFont font, string tag)
    {
        var (offset, length) = font.Tables[tag];
        return font.Data.AsSpan(offset, length).ToArray();
    }

    /// <summary>Writes the table directory and tables, four-byte aligned, with checksums (OpenType 'Font Tables').</summary>
    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        int count = tables.Count;
        int entrySelector = (int)Math.Floor(Math.Log2(count));
        int searchRange = (1 << entrySelector) * 16;
        int size = 12 + count * 16 + tables.Values.Sum(t => (t.Length + 3) & ~3);
        var file = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(file, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(10), (ushort)(count * 16 - searchRange));
        int entry = 12, at = 12 + count * 16, headAt = 0;
        foreach (var (tag, data) in tables)
        {
            for (int i = 0; i < 4; i++)
            {
                file[entry + i] = (byte)tag[i];
            }
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(entry + 4), Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(entry + 8), (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(entry + 12), (uint)data.Length);
            if (tag == "head")
            {
                headAt = at;
            }
            data.CopyTo(file, at);
            at += (data.Length + 3) & ~3;
            entry += 16;
        }
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(headAt + 8), unchecked(0xB1B0AFBA - Checksum(file)));
        return file;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        }
        if (i < data.Length)
        {
            Span<byte> tail = stackalloc byte[4];
            tail.Clear();
            data[i..].CopyTo(tail);
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(tail));
        }
        return sum;
    }
}
