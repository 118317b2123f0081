namespace ContactCenter.Server.Requests;

/// <summary>
/// What a browser may be handed as an image from mail: PNG, JPEG, GIF or WebP, recognised by their first bytes rather
/// than by what the sender declared. SVG is none of them: it is a document that can carry script.
/// </summary>
public static class RasterImage
{
    /// <summary>The media type the bytes begin like; null for anything else (SVG, HTML, an empty part).</summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        return bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp" : null;
    }

    /// <summary>Whether a declared media type names one of the raster types (parameters and case aside).</summary>
    public static bool IsRasterType(string? mediaType)
    {
        var type = mediaType?.Split(';')[0].Trim();
        return type is not null && (type.Equals("image/png", StringComparison.OrdinalIgnoreCase) || type.Equals("image/jpeg", StringComparison.OrdinalIgnoreCase)
            || type.Equals("image/jpg", StringComparison.OrdinalIgnoreCase) || type.Equals("image/pjpeg", StringComparison.OrdinalIgnoreCase)
            || type.Equals("image/gif", StringComparison.OrdinalIgnoreCase) || type.Equals("image/webp", StringComparison.OrdinalIgnoreCase));
    }
}
