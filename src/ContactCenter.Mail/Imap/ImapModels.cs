namespace ContactCenter.Mail.Imap;

/// <summary>A mailbox from LIST (RFC 3501 section 7.2.2).</summary>
public sealed record ImapMailbox(string Name, char? Delimiter, IReadOnlyList<string> Attributes);

/// <summary>State of a mailbox after SELECT or EXAMINE (RFC 3501 section 6.3.1).</summary>
public sealed record ImapMailboxStatus(
    string Name,
    uint Exists,
    uint Recent,
    uint UidValidity,
    uint UidNext,
    IReadOnlyList<string> Flags,
    IReadOnlyList<string> PermanentFlags,
    bool ReadOnly);

/// <summary>Counters of a mailbox from STATUS (RFC 3501 section 6.3.10), read without selecting it.</summary>
public sealed record ImapMailboxCounters(string Name, uint Messages, uint Unseen, uint UidValidity, uint UidNext);

/// <summary>What UID FETCH asks for.</summary>
[Flags]
public enum ImapFetchItems
{
    /// <summary>Only the UID.</summary>
    None = 0,

    /// <summary>FLAGS.</summary>
    Flags = 1,

    /// <summary>INTERNALDATE.</summary>
    InternalDate = 2,

    /// <summary>RFC822.SIZE.</summary>
    Size = 4,

    /// <summary>BODY.PEEK[]: the whole message, without setting \Seen.</summary>
    Body = 8,

    /// <summary>Flags, internal date and size.</summary>
    Summary = Flags | InternalDate | Size,

    /// <summary>Everything.</summary>
    All = Summary | Body,
}

/// <summary>One message from UID FETCH.</summary>
public sealed record ImapFetchedMessage(
    uint Uid,
    uint SequenceNumber,
    IReadOnlyList<string>? Flags,
    DateTimeOffset? InternalDate,
    long? Size,
    byte[]? Body);

/// <summary>How UID STORE changes flags.</summary>
public enum ImapStoreAction
{
    /// <summary>+FLAGS: add.</summary>
    Add,

    /// <summary>-FLAGS: remove.</summary>
    Remove,

    /// <summary>FLAGS: replace.</summary>
    Replace,
}

/// <summary>COPYUID (RFC 4315 section 3): where copied or moved messages landed.</summary>
public sealed record ImapCopyResult(uint DestinationUidValidity, IReadOnlyList<uint> SourceUids, IReadOnlyList<uint> DestinationUids);

/// <summary>APPENDUID (RFC 4315 section 3): where an appended message landed.</summary>
public sealed record ImapAppendResult(uint UidValidity, uint Uid);
