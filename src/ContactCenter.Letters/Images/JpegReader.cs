using System.Globalization;

namespace ContactCenter.Letters.Images;

/// <summary>Reads the frame header of a JPEG (ITU-T T.81 §B.2.2) so the data can be passed through unchanged.</summary>
internal static class JpegReader
{
    public static LetterImage Read(byte[] bytes, string source)
    {
        int at = 2;
        bool adobe = false;
        while (true)
        {
            if (at + 4 > bytes.Length)
            {
                throw new InvalidImageException($"The JPEG image '{source}' is truncated: it ends before its frame header.");
            }
            if (bytes[at] != 0xFF)
            {
                throw new InvalidImageException($"The JPEG image '{source}' is damaged: a marker was expected at byte {at}.");
            }
            byte marker = bytes[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }
            int length = (bytes[at + 2] << 8) | bytes[at + 3];
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (at + 10 > bytes.Length)
                {
                    throw new InvalidImageException($"The JPEG image '{source}' is truncated inside its frame header.");
                }
                int bits = bytes[at + 4];
                int height = (bytes[at + 5] << 8) | bytes[at + 6];
                int width = (bytes[at + 7] << 8) | bytes[at + 8];
                int components = bytes[at + 9];
                if (width == 0 || height == 0 || bits != 8)
                {
                    throw new InvalidImageException($"The JPEG image '{source}' has an unsupported frame ({width}×{height}, {bits} bits).");
                }
                if (!HasEndOfImage(bytes))
                {
                    throw new InvalidImageException($"The JPEG image '{source}' is truncated: the end-of-image marker is missing.");
                }
                string colourSpace = components switch
                {
                    1 => "/DeviceGray",
                    3 => "/DeviceRGB",
                    // Adobe's CMYK JPEGs (APP14 "Adobe") store inverted values; the decode array puts them right.
                    4 => adobe ? "/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]" : "/DeviceCMYK",
                    _ => throw new InvalidImageException($"The JPEG image '{source}' has {components} colour components; 1, 3 or 4 are supported."),
                };
                return new LetterImage(width, height,
                    string.Create(CultureInfo.InvariantCulture, $"/ColorSpace {colourSpace} /BitsPerComponent 8 /Filter /DCTDecode"), bytes, null);
            }
            if (marker == 0xEE && at + 9 <= bytes.Length && bytes.AsSpan(at + 4, 5).SequenceEqual("Adobe"u8))
            {
                adobe = true;
            }
            if (marker is 0xD9 or 0xDA)
            {
                throw new InvalidImageException($"The JPEG image '{source}' has no frame header before its image data.");
            }
            at += 2 + length;
        }
    }

    private static bool HasEndOfImage(byte[] bytes)
    {
        // Trailing padding after EOI is common; look at the last few bytes.
        for (int i = bytes.Length - 2; i >= Math.Max(0, bytes.Length - 64); i--)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9)
            {
                return true;
            }
        }
        return false;
    }
}
