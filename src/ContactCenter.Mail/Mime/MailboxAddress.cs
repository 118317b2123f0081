namespace ContactCenter.Mail.Mime;

/// <summary>A mailbox: an optional display name and an address (local part @ domain, as written in the message).</summary>
/// <param name="Name">The display name with encoded words decoded, or null.</param>
/// <param name="Address">The addr-spec, e.g. "anna@example.com"; the domain may be an IDN in Unicode or xn-- form.</param>
public sealed record MailboxAddress(string? Name, string Address)
{
    /// <summary>The name of the RFC 5322 group the mailbox was listed in, or null.</summary>
    public string? Group { get; init; }

    /// <summary>The part before the last "@".</summary>
    public string LocalPart => Address[..Math.Max(0, Address.LastIndexOf('@'))];

    /// <summary>The part after the last "@".</summary>
    public string Domain => Address[(Address.LastIndexOf('@') + 1)..];

    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Name) ? Address : $"\"{Name}\" <{Address}>";
}
