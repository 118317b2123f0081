using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ContactCenter.Letters.Images;

/// <summary>
/// Decodes PNG (RFC 2083 / ISO 15948): greyscale, RGB and palette images of any bit depth, with alpha channels or
/// tRNS transparency turned into a separate soft mask. Every chunk's CRC is checked, so a damaged or truncated
/// file is refused rather than drawn half.
/// </summary>
internal static class PngDecoder
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = BuildCrcTable();

    public static LetterImage Decode(byte[] bytes, string source)
    {
        int width = 0, height = 0, bitDepth = 0, colourType = -1;
        byte[]? palette = null, transparency = null;
        using var idat = new MemoryStream();
        bool ended = false;
        int at = 8;
        while (!ended)
        {
            if (at + 12 > bytes.Length)
            {
                throw new InvalidImageException($"The PNG image '{source}' is truncated: it ends before its IEND chunk.");
            }
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)));
            if (length < 0 || (long)at + 12 + length > bytes.Length)
            {
                throw new InvalidImageException($"The PNG image '{source}' is truncated: a chunk runs past the end of the file.");
            }
            var typeAndData = bytes.AsSpan(at + 4, length + 4);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + length));
            if (Crc(typeAndData) != crc)
            {
                throw new InvalidImageException($"The PNG image '{source}' is damaged: chunk CRC mismatch at byte {at}.");
            }
            string type = Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            switch (type)
            {
                case "IHDR":
                    if (length < 13)
                    {
                        throw new InvalidImageException($"The PNG image '{source}' has a short IHDR chunk.");
                    }
                    width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data));
                    height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                    bitDepth = data[8];
                    colourType = data[9];
                    if (data[12] != 0)
                    {
                        throw new InvalidImageException($"The PNG image '{source}' is interlaced; save it without interlacing.");
                    }
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    transparency = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
            }
            at += 12 + length;
        }
        int channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        bool depthOk = colourType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            _ => bitDepth is 8 or 16,
        };
        if (channels == 0 || !depthOk || width <= 0 || height <= 0 || (long)width * height > 25_000_000)
        {
            throw new InvalidImageException($"The PNG image '{source}' has an unsupported header (colour type {colourType}, depth {bitDepth}, {width}×{height}).");
        }
        if (colourType == 3 && (palette is null || palette.Length % 3 != 0))
        {
            throw new InvalidImageException($"The PNG image '{source}' is a palette image without a valid palette.");
        }

        int bitsPerPixel = channels * bitDepth;
        int stride = (width * bitsPerPixel + 7) / 8;
        byte[] raw = Inflate(idat, (long)(stride + 1) * height, source);
        Unfilter(raw, stride, height, Math.Max(1, bitsPerPixel / 8), source);

        // Every pixel to 8-bit samples: colour (1 or 3 channels, or a palette index) and alpha.
        int colourChannels = colourType is 2 or 6 ? 3 : 1;
        var colour = new byte[width * height * colourChannels];
        byte[]? alpha = colourType is 4 or 6 || transparency is not null ? new byte[width * height] : null;
        for (int y = 0; y < height; y++)
        {
            int row = y * (stride + 1) + 1;
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                for (int c = 0; c < channels; c++)
                {
                    int sample = Sample(raw, row, x * channels + c, bitDepth, out int full);
                    if (c < colourChannels)
                    {
                        colour[p * colourChannels + c] = colourType == 3 ? (byte)full : (byte)sample;
                    }
                    else
                    {
                        alpha![p] = (byte)sample;
                    }
                }
                if (alpha is not null && transparency is not null)
                {
                    alpha[p] = TransparencyAlpha(raw, row, x, colourType, bitDepth, transparency, colour, p);
                }
            }
        }
        string colourSpace;
        if (colourType == 3)
        {
            int entries = palette!.Length / 3;
            colourSpace = string.Create(CultureInfo.InvariantCulture, $"/ColorSpace [/Indexed /DeviceRGB {entries - 1} <{Convert.ToHexString(palette)}>]");
            foreach (byte index in colour)
            {
                if (index >= entries)
                {
                    throw new InvalidImageException($"The PNG image '{source}' uses palette entry {index}, but its palette has {entries}.");
                }
            }
        }
        else
        {
            colourSpace = colourChannels == 3 ? "/ColorSpace /DeviceRGB" : "/ColorSpace /DeviceGray";
        }
        return new LetterImage(width, height, colourSpace + " /BitsPerComponent 8 /Filter /FlateDecode", Deflate(colour), alpha is null ? null : Deflate(alpha));
    }

    /// <summary>Reads sample <paramref name="index"/> of a row; returns it scaled to 8 bits, and unscaled in <paramref name="full"/>.</summary>
    private static int Sample(byte[] raw, int row, int index, int bitDepth, out int full)
    {
        switch (bitDepth)
        {
            case 8:
                full = raw[row + index];
                return full;
            case 16:
                full = (raw[row + index * 2] << 8) | raw[row + index * 2 + 1];
                return full >> 8;
            default:
                int bit = index * bitDepth;
                int shift = 8 - bitDepth - bit % 8;
                full = (raw[row + bit / 8] >> shift) & ((1 << bitDepth) - 1);
                return full * 255 / ((1 << bitDepth) - 1);
        }
    }

    /// <summary>§11.3.2: tRNS gives alpha per palette entry, or one fully transparent grey or RGB value.</summary>
    private static byte TransparencyAlpha(byte[] raw, int row, int x, int colourType, int bitDepth, byte[] trns, byte[] colour, int p)
    {
        switch (colourType)
        {
            case 3:
                int index = colour[p];
                return index < trns.Length ? trns[index] : (byte)255;
            case 0 when trns.Length >= 2:
                Sample(raw, row, x, bitDepth, out int grey);
                return grey == BinaryPrimitives.ReadUInt16BigEndian(trns) ? (byte)0 : (byte)255;
            case 2 when trns.Length >= 6:
                Sample(raw, row, x * 3, bitDepth, out int r);
                Sample(raw, row, x * 3 + 1, bitDepth, out int g);
                Sample(raw, row, x * 3 + 2, bitDepth, out int b);
                return r == BinaryPrimitives.ReadUInt16BigEndian(trns) && g == BinaryPrimitives.ReadUInt16BigEndian(trns.AsSpan(2))
                    && b == BinaryPrimitives.ReadUInt16BigEndian(trns.AsSpan(4)) ? (byte)0 : (byte)255;
            default:
                return 255;
        }
    }

    private static byte[] Inflate(MemoryStream idat, long expected, string source)
    {
        if (expected > int.MaxValue)
        {
            throw new InvalidImageException($"The PNG image '{source}' is too large.");
        }
        var raw = new byte[expected];
        idat.Position = 0;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress, leaveOpen: true);
            zlib.ReadExactly(raw);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidImageException($"The PNG image '{source}' is damaged or truncated: its pixel data does not decompress ({e.Message}).", e);
        }
        return raw;
    }

    /// <summary>Reverses the per-row filters of §9.2.</summary>
    private static void Unfilter(byte[] raw, int stride, int height, int bpp, string source)
    {
        for (int y = 0; y < height; y++)
        {
            int row = y * (stride + 1);
            int filter = raw[row];
            int current = row + 1, previous = row + 1 - (stride + 1);
            for (int i = 0; i < stride; i++)
            {
                int left = i >= bpp ? raw[current + i - bpp] : 0;
                int up = y > 0 ? raw[previous + i] : 0;
                int upLeft = y > 0 && i >= bpp ? raw[previous + i - bpp] : 0;
                raw[current + i] = filter switch
                {
                    0 => raw[current + i],
                    1 => (byte)(raw[current + i] + left),
                    2 => (byte)(raw[current + i] + up),
                    3 => (byte)(raw[current + i] + ((left + up) >> 1)),
                    4 => (byte)(raw[current + i] + Paeth(left, up, upLeft)),
                    _ => throw new InvalidImageException($"The PNG image '{source}' is damaged: row {y} has unknown filter type {filter}."),
                };
            }
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFF;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
