namespace ContactCenter.Letters;

/// <summary>Base of every error the letter renderer reports for bad input (stylesheet, font, image, body, path).</summary>
public class LetterException : Exception
{
    public LetterException(string message) : base(message) { }

    public LetterException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A font file that cannot be used: not a TrueType font, damaged, or of an unsupported flavour.</summary>
public sealed class InvalidFontException : LetterException
{
    public InvalidFontException(string message) : base(message) { }

    public InvalidFontException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>An image (logo) that cannot be used: not a PNG or JPEG, truncated, or of an unsupported flavour.</summary>
public sealed class InvalidImageException : LetterException
{
    public InvalidImageException(string message) : base(message) { }

    public InvalidImageException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A letter body or letter that cannot be laid out (for example HTML nested too deeply).</summary>
public sealed class LetterInputException : LetterException
{
    public LetterInputException(string message) : base(message) { }
}

/// <summary>An output path that would leave the configured output root.</summary>
public sealed class LetterOutputPathException : LetterException
{
    public LetterOutputPathException(string message) : base(message) { }
}
