using ContactCenter.Letters.Images;

namespace ContactCenter.Letters.Pdf;

/// <summary>An image XObject of one document (ISO 32000-1 §8.9.5), written when first used.</summary>
public sealed class PdfImage
{
    internal PdfImage(LetterImage image, string resourceName, int objectId)
    {
        Image = image;
        ResourceName = resourceName;
        ObjectId = objectId;
    }

    public LetterImage Image { get; }

    internal string ResourceName { get; }

    internal int ObjectId { get; }
}
