namespace ContactCenter.Mail.Mime;

/// <summary>What kind of problem the parser found in a message.</summary>
public enum MimeErrorKind
{
    /// <summary>A configured limit was reached; the rest of the affected entity was not parsed.</summary>
    LimitExceeded,

    /// <summary>The message has no Message-ID header (none is invented).</summary>
    MissingMessageId,

    /// <summary>A header line is malformed (no colon, continuation without a header, unparseable value).</summary>
    InvalidHeader,

    /// <summary>An address header could not be parsed, wholly or in part.</summary>
    InvalidAddress,

    /// <summary>A Date header could not be parsed.</summary>
    InvalidDate,

    /// <summary>A multipart has no boundary parameter or no closing boundary.</summary>
    InvalidMultipart,

    /// <summary>A body's transfer encoding is damaged (junk in base64, missing padding).</summary>
    InvalidEncoding,

    /// <summary>A charset name is unknown; a fallback decoding was used.</summary>
    UnknownCharset,
}

/// <summary>A problem the parser found and worked around.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Message">A human-readable description.</param>
public sealed record MimeError(MimeErrorKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>Which limit of <see cref="MimeParserOptions"/> a message exceeded.</summary>
public enum MimeLimit
{
    /// <summary><see cref="MimeParserOptions.MaxNestingDepth"/>.</summary>
    NestingDepth,

    /// <summary><see cref="MimeParserOptions.MaxParts"/>.</summary>
    PartCount,

    /// <summary><see cref="MimeParserOptions.MaxHeaderBlockBytes"/>.</summary>
    HeaderBlockSize,

    /// <summary><see cref="MimeParserOptions.MaxMessageBytes"/>.</summary>
    MessageSize,
}

/// <summary>Thrown when a message exceeds a limit of <see cref="MimeParserOptions"/> and the options ask to throw.</summary>
public sealed class MimeLimitExceededException : Exception
{
    /// <summary>Creates the exception for <paramref name="limit"/> with its configured value.</summary>
    public MimeLimitExceededException(MimeLimit limit, long limitValue)
        : base(Describe(limit, limitValue))
    {
        Limit = limit;
        LimitValue = limitValue;
    }

    /// <summary>Creates the exception with a message only; the limit defaults to <see cref="MimeLimit.MessageSize"/>.</summary>
    public MimeLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public MimeLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public MimeLimitExceededException()
    {
    }

    /// <summary>The limit that was exceeded.</summary>
    public MimeLimit Limit { get; }

    /// <summary>The configured value of that limit.</summary>
    public long LimitValue { get; }

    internal static string Describe(MimeLimit limit, long value) => limit switch
    {
        MimeLimit.NestingDepth => $"limit exceeded: nesting deeper than {value} levels",
        MimeLimit.PartCount => $"limit exceeded: more than {value} MIME parts",
        MimeLimit.HeaderBlockSize => $"limit exceeded: header block larger than {value} bytes",
        MimeLimit.MessageSize => $"limit exceeded: message larger than {value} bytes",
        _ => $"limit exceeded: {limit} {value}",
    };
}
