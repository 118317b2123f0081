namespace ContactCenter.Letters.Pdf;

/// <summary>The document information dictionary (ISO 32000-1 §14.3.3).</summary>
public sealed record PdfDocumentInfo(string? Title = null, string? Author = null, string? Subject = null)
{
    public string Producer { get; init; } = "ContactCenter.Letters";

    public DateTimeOffset CreationDate { get; init; } = DateTimeOffset.UtcNow;
}
