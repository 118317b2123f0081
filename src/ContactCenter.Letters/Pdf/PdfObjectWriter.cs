using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ContactCenter.Letters.Pdf;

/// <summary>
/// The file layer of ISO 32000-1 §7.5: header, numbered indirect objects, the cross-reference table and the
/// trailer. Objects are written to the output as soon as they are complete, so memory does not grow with the
/// document; only the byte offset of each object is kept for the xref table.
/// </summary>
internal sealed class PdfObjectWriter
{
    private static readonly byte[] Header = [.. "%PDF-1.7\n%"u8, 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n'];
    private readonly Stream output;
    private readonly List<long> offsets = [0];
    private readonly StringBuilder text = new(256);
    private long position;

    public PdfObjectWriter(Stream output)
    {
        this.output = output;
        // §7.5.2: the header, then a comment with bytes above 127 so transfer tools treat the file as binary.
        WriteRaw(Header);
    }

    public int ObjectCount => offsets.Count;

    /// <summary>Reserves an object number so other objects can refer to it before it is written.</summary>
    public int Reserve()
    {
        offsets.Add(-1);
        return offsets.Count - 1;
    }

    /// <summary>Writes a dictionary or other direct object as indirect object <paramref name="id"/>.</summary>
    public void WriteObject(int id, string body)
    {
        BeginObject(id);
        WriteAscii(body);
        WriteAscii("\nendobj\n");
    }

    /// <summary>
    /// Writes a stream object (§7.3.8); the data is Flate-compressed unless <c>compress</c> is false.
    /// <c>dictionaryEntries</c> are the stream dictionary's entries without /Length and /Filter.
    /// </summary>
    public void WriteStream(int id, string dictionaryEntries, ReadOnlySpan<byte> data, bool compress = true)
    {
        ReadOnlySpan<byte> payload = data;
        string filter = "";
        using var compressed = new MemoryStream(compress ? data.Length / 2 + 64 : 0);
        if (compress)
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(data);
            }
            payload = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
            filter = "/Filter /FlateDecode ";
        }
        BeginObject(id);
        text.Clear();
        text.Append("<< ").Append(filter).Append(dictionaryEntries).Append(" /Length ")
            .Append(payload.Length.ToString(CultureInfo.InvariantCulture)).Append(" >>\nstream\n");
        WriteAscii(text.ToString());
        WriteRaw(payload);
        WriteAscii("\nendstream\nendobj\n");
    }

    /// <summary>Writes the xref table and the trailer (§7.5.4, §7.5.5) and flushes the output.</summary>
    /// <exception cref="InvalidOperationException">An object was reserved but never written.</exception>
    public void Finish(int catalogId, int infoId, byte[] fileId)
    {
        long xrefOffset = position;
        var xref = new StringBuilder(offsets.Count * 20 + 64);
        xref.Append("xref\n0 ").Append(offsets.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        // Each entry is exactly 20 bytes including the two-character end of line.
        xref.Append("0000000000 65535 f \n");
        for (int i = 1; i < offsets.Count; i++)
        {
            if (offsets[i] < 0)
            {
                throw new InvalidOperationException($"PDF object {i} was reserved but never written.");
            }
            xref.Append(offsets[i].ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }
        string id = Convert.ToHexString(fileId);
        xref.Append("trailer\n<< /Size ").Append(offsets.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" /Root ").Append(catalogId.ToString(CultureInfo.InvariantCulture)).Append(" 0 R /Info ")
            .Append(infoId.ToString(CultureInfo.InvariantCulture)).Append(" 0 R /ID [<").Append(id).Append("> <").Append(id)
            .Append(">] >>\nstartxref\n").Append(xrefOffset.ToString(CultureInfo.InvariantCulture)).Append("\n%%EOF\n");
        WriteAscii(xref.ToString());
        output.Flush();
    }

    private void BeginObject(int id)
    {
        if (offsets[id] >= 0)
        {
            throw new InvalidOperationException($"PDF object {id} was written twice.");
        }
        offsets[id] = position;
        WriteAscii(id.ToString(CultureInfo.InvariantCulture) + " 0 obj\n");
    }

    private void WriteAscii(string value)
    {
        int count = Encoding.Latin1.GetByteCount(value);
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(count);
        try
        {
            Encoding.Latin1.GetBytes(value, rented);
            WriteRaw(rented.AsSpan(0, count));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        position += bytes.Length;
    }
}
