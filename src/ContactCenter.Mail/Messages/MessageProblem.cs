namespace ContactCenter.Mail.Messages;

/// <summary>What kind of problem was found in a message.</summary>
public enum MessageProblemKind
{
    /// <summary>A limit was reached; what lay beyond it was not read.</summary>
    LimitExceeded,

    /// <summary>The message has no (readable) Message-ID header; none is invented.</summary>
    MissingMessageId,

    /// <summary>A header line is malformed (no colon, continuation without a header, unparseable Content-Type).</summary>
    InvalidHeader,

    /// <summary>An address header could not be read, wholly or in part.</summary>
    InvalidAddress,

    /// <summary>A Date header could not be read.</summary>
    InvalidDate,

    /// <summary>A multipart has no boundary parameter, no boundary line or no closing boundary.</summary>
    InvalidMultipart,

    /// <summary>A body's transfer encoding is damaged (junk in base64).</summary>
    InvalidEncoding,

    /// <summary>A charset name is unknown; a fallback decoding was used.</summary>
    UnknownCharset,
}

/// <summary>A problem found in a message and worked around.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Message">What a person reads (operators, in <c>mail inspect</c>).</param>
public sealed record MessageProblem(MessageProblemKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
