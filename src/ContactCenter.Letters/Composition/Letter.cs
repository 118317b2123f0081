namespace ContactCenter.Letters.Composition;

/// <summary>What one letter says; how it looks comes from the stylesheet.</summary>
public sealed record Letter
{
    /// <summary>Address lines of the recipient, as printed in the window.</summary>
    public required IReadOnlyList<string> Recipient { get; init; }

    public required LetterBody Body { get; init; }

    public string? Subject { get; init; }

    public DateOnly Date { get; init; } = DateOnly.FromDateTime(DateTime.Today);

    public string? OurReference { get; init; }

    public string? YourReference { get; init; }

    public string? Contact { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public string? Salutation { get; init; }

    public string? Closing { get; init; }

    /// <summary>Lines below the closing (name, function), after room for a handwritten signature.</summary>
    public IReadOnlyList<string> Signature { get; init; } = [];

    public IReadOnlyList<string> Enclosures { get; init; } = [];
}
