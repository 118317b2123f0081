namespace ContactCenter.Mail.Messages;

/// <summary>
/// The limits MimeKit does not enforce by itself, checked by <see cref="MimeStructureScan"/> before a message is
/// parsed: generous for real mail, small enough that hostile mail cannot exhaust the host.
/// </summary>
public sealed record MimeLimits
{
    /// <summary>The defaults.</summary>
    public static MimeLimits Default { get; } = new();

    /// <summary>How many multipart or message/rfc822 levels may be nested inside each other.</summary>
    public int MaxNestingDepth { get; init; } = 32;

    /// <summary>How many MIME entities (the message's body, every part and embedded message) are read.</summary>
    public int MaxParts { get; init; } = 10_000;

    /// <summary>The largest header block of one entity, in bytes.</summary>
    public int MaxHeaderBlockBytes { get; init; } = 512 * 1024;

    /// <summary>The largest message, in bytes.</summary>
    public long MaxMessageBytes { get; init; } = 128L * 1024 * 1024;
}

/// <summary>What to do when a message exceeds a limit.</summary>
public enum LimitHandling
{
    /// <summary>Throw <see cref="MimeLimitExceededException"/> (ingest: the message goes to quarantine).</summary>
    Throw,

    /// <summary>Read what lies within the limits and report the limit in the problems (<c>mail inspect</c>).</summary>
    Report,
}

/// <summary>Which limit of <see cref="MimeLimits"/> a message exceeded.</summary>
public enum MimeLimit
{
    /// <summary><see cref="MimeLimits.MaxNestingDepth"/>.</summary>
    NestingDepth,

    /// <summary><see cref="MimeLimits.MaxParts"/>.</summary>
    PartCount,

    /// <summary><see cref="MimeLimits.MaxHeaderBlockBytes"/>.</summary>
    HeaderBlockSize,

    /// <summary><see cref="MimeLimits.MaxMessageBytes"/>.</summary>
    MessageSize,
}

/// <summary>A message exceeds a limit of <see cref="MimeLimits"/>.</summary>
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
        _ => $"limit exceeded: message larger than {value} bytes",
    };
}
