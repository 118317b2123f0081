using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ContactCenter.Letters.Tests.Support;

/// <summary>Builds small PNG and JPEG files in code, so the tests need no image files.</summary>
internal static class TestImages
{
    /// <summary>A PNG with the given colour type, bit depth and raw (unfiltered) rows; filter type 0 on every row.</summary>
    public static byte[] Png(int width, int height, int colourType, int bitDepth, Func<int, int, byte[]> row, byte[]? palette = null, byte[]? transparency = null)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = (byte)bitDepth;
        header[9] = (byte)colourType;
        Chunk(output, "IHDR", header);
        if (palette is not null)
        {
            Chunk(output, "PLTE", palette);
        }
        if (transparency is not null)
        {
            Chunk(output, "tRNS", transparency);
        }
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(row(y, width));
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }
        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>An RGBA PNG: opaque black on the left half, fully transparent on the right half.</summary>
    public static byte[] HalfTransparentBlack(int width, int height) =>
        Png(width, height, 6, 8, (_, w) => [.. Enumerable.Range(0, w).SelectMany(x => x < w / 2 ? new byte[] { 0, 0, 0, 255 } : new byte[] { 0, 0, 0, 0 })]);

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        output.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        output.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>
    /// A baseline greyscale JPEG of one flat grey level (ITU-T T.81): every 8×8 block has only a DC coefficient,
    /// so two tiny Huffman tables and a quantisation table of ones are enough.
    /// </summary>
    public static byte[] FlatGreyJpeg(int widthBlocks, int heightBlocks, byte grey)
    {
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        jpeg.AddRange([0xFF, 0xDB, 0x00, 0x43, 0x00, .. Enumerable.Repeat((byte)1, 64)]);
        int width = widthBlocks * 8, height = heightBlocks * 8;
        jpeg.AddRange([0xFF, 0xC0, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00]);
        // DC table 0: two codes of length 2, categories 0 ('00') and 11 ('01').
        jpeg.AddRange([0xFF, 0xC4, 0x00, 0x15, 0x00, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x0B]);
        // AC table 0: end-of-block only, code '0'.
        jpeg.AddRange([0xFF, 0xC4, 0x00, 0x14, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        jpeg.AddRange([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        int dc = 8 * (grey - 128);
        var bits = new List<bool>();
        void Put(int value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                bits.Add(((value >> i) & 1) != 0);
            }
        }
        for (int block = 0; block < widthBlocks * heightBlocks; block++)
        {
            if (block == 0)
            {
                // Category 11 holds differences up to ±2047; negative values are stored as value + 2^11 − 1.
                Put(0b01, 2);
                Put(dc < 0 ? dc + 2047 : dc, 11);
            }
            else
            {
                Put(0b00, 2);
            }
            Put(0, 1);
        }
        while (bits.Count % 8 != 0)
        {
            bits.Add(true);
        }
        for (int i = 0; i < bits.Count; i += 8)
        {
            byte b = 0;
            for (int k = 0; k < 8; k++)
            {
                b = (byte)((b << 1) | (bits[i + k] ? 1 : 0));
            }
            jpeg.Add(b);
            if (b == 0xFF)
            {
                jpeg.Add(0x00);
            }
        }
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }
}
