using System.Globalization;
using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Images;

/// <summary>
/// A decoded image ready to be written into any number of documents: JPEG data passed through (DCTDecode),
/// PNG pixels re-compressed once (FlateDecode), with alpha as a soft mask (ISO 32000-1 §11.6.5.3).
/// </summary>
public sealed class LetterImage
{
    private readonly string dictionary;
    private readonly byte[] data;
    private readonly byte[]? softMask;

    internal LetterImage(int width, int height, string dictionary, byte[] data, byte[]? softMask)
    {
        Width = width;
        Height = height;
        this.dictionary = dictionary;
        this.data = data;
        this.softMask = softMask;
    }

    public int Width { get; }

    public int Height { get; }

    public bool HasSoftMask => softMask is not null;

    /// <summary>Reads a PNG or JPEG file.</summary>
    /// <exception cref="InvalidImageException">The file is missing, unreadable, or not a usable PNG or JPEG.</exception>
    public static LetterImage Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidImageException($"The image '{path}' cannot be read: {e.Message}", e);
        }
        return Decode(bytes, path);
    }

    /// <summary>Decodes PNG or JPEG bytes, recognised by their signature.</summary>
    /// <exception cref="InvalidImageException">The bytes are not a usable PNG or JPEG.</exception>
    public static LetterImage Decode(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.AsSpan().StartsWith(PngDecoder.Signature))
        {
            return PngDecoder.Decode(bytes, source);
        }
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return JpegReader.Read(bytes, source);
        }
        throw new InvalidImageException($"The image '{source}' is neither a PNG nor a JPEG file.");
    }

    internal void Write(PdfObjectWriter writer, int id)
    {
        string mask = "";
        if (softMask is not null)
        {
            int maskId = writer.Reserve();
            writer.WriteStream(maskId, string.Create(CultureInfo.InvariantCulture,
                $"/Type /XObject /Subtype /Image /Width {Width} /Height {Height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"), softMask, compress: false);
            mask = $" /SMask {maskId} 0 R";
        }
        writer.WriteStream(id, string.Create(CultureInfo.InvariantCulture,
            $"/Type /XObject /Subtype /Image /Width {Width} /Height {Height} {dictionary}{mask}"), data, compress: false);
    }
}
