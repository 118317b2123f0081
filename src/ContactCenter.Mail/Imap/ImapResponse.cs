namespace ContactCenter.Mail.Imap;

/// <summary>The status of a status response (RFC 3501 section 7.1).</summary>
internal enum ImapStatus
{
    None,
    Ok,
    No,
    Bad,
    Bye,
    PreAuth,
}

/// <summary>
/// One parsed server response (RFC 3501 section 7): "*" untagged, "+" continuation, or tagged. Status responses
/// carry a status, an optional response code ("UIDVALIDITY 123") and text; data responses carry values.
/// </summary>
internal sealed class ImapResponse
{
    public required string Tag { get; init; }

    public ImapStatus Status { get; init; }

    /// <summary>The response code's name, upper case ("UIDVALIDITY"), or null.</summary>
    public string? Code { get; init; }

    /// <summary>The response code's arguments as raw text ("3857529045"), or empty.</summary>
    public string CodeArguments { get; init; } = string.Empty;

    public string Text { get; init; } = string.Empty;

    /// <summary>Data response values, e.g. ["12", "FETCH", (...)] for "* 12 FETCH (...)".</summary>
    public IReadOnlyList<ImapValue> Values { get; init; } = [];

    public bool IsUntagged => Tag == "*";

    public bool IsContinuation => Tag == "+";

    public override string ToString() => Status == ImapStatus.None
        ? Tag + " " + string.Join(' ', Values)
        : $"{Tag} {Status.ToString().ToUpperInvariant()} {(Code is null ? string.Empty : "[" + Code + (CodeArguments.Length > 0 ? " " + CodeArguments : string.Empty) + "] ")}{Text}";
}
