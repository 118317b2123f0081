namespace ContactCenter.Mail.Mime;

/// <summary>Limits and behaviour of <see cref="MimeMessage.Load(Stream, MimeParserOptions?)"/>.</summary>
public sealed record MimeParserOptions
{
    /// <summary>The defaults: generous for real mail, small enough that hostile mail cannot exhaust the host.</summary>
    public static MimeParserOptions Default { get; } = new();

    /// <summary>How many multipart or message/rfc822 levels may be nested inside each other.</summary>
    public int MaxNestingDepth { get; init; } = 32;

    /// <summary>How many MIME entities (the message itself, every part and embedded message) are parsed.</summary>
    public int MaxParts { get; init; } = 10_000;

    /// <summary>The largest header block of one entity, in bytes.</summary>
    public int MaxHeaderBlockBytes { get; init; } = 512 * 1024;

    /// <summary>The largest message, in bytes.</summary>
    public long MaxMessageBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>
    /// When true (the default) a limit that is exceeded throws <see cref="MimeLimitExceededException"/>; when
    /// false the parser stops at the limit, records it in <see cref="MimeMessage.Errors"/> and returns what it read.
    /// </summary>
    public bool ThrowOnLimitExceeded { get; init; } = true;
}
