using System.Net.Mail;
using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.MailAccounts;

// Requests take strings and nullable values so that every wrong field is reported by name, never as an unreadable 400.

public sealed record InboundAccountRequest(
    string? Name, string? Protocol, string? Host, int? Port, string? TlsMode, string? UserName, string? Secret,
    string? Folder, int? Weighting, bool? KeepOnServer, bool? Enabled);

/// <summary>An inbound account as the API shows it: the secret itself is never sent, only whether one is stored.</summary>
public sealed record InboundAccountItem(
    Guid Id, string Name, string Protocol, string Host, int Port, string TlsMode, string UserName, bool HasSecret,
    string? Folder, int Weighting, bool KeepOnServer, bool Enabled);

public sealed record SystemAccountRequest(string? Type, string? Name, string? EmailAddress, string? Protocol, int? Weighting);

/// <summary>A system account; the channel is always e-mail and every account of a tenant's database is tenant-specific.</summary>
public sealed record SystemAccountItem(
    Guid Id, string Type, string Name, string EmailAddress, string Channel, string Protocol, int Weighting, bool TenantSpecific);

public sealed record OutboundServerRequest(
    string? Name, string? Host, int? Port, string? TlsMode, bool? Authenticate, string? UserName, string? Secret,
    IReadOnlyList<string>? SenderAddresses, bool? Active);

public sealed record OutboundServerItem(
    Guid Id, string Name, string Host, int Port, string TlsMode, bool Authenticate, string? UserName, bool HasSecret,
    IReadOnlyList<string> SenderAddresses, bool Active);

/// <summary>The result of "test connection": failures are a result too, with the server's answer.</summary>
public sealed record ConnectionTestResult(bool Ok, string Message);

/// <summary>The names the API uses for the enumerations, and the conversions both ways.</summary>
public static class MailAccountNames
{
    public static string Of(MailProtocol protocol) => protocol == MailProtocol.Imap ? "imap" : "pop3";

    public static string Of(MailTlsMode mode) => mode switch
    {
        MailTlsMode.Implicit => "implicit",
        MailTlsMode.StartTls => "starttls",
        _ => "none",
    };

    public static string Of(SystemAccountType type) => type == SystemAccountType.Reply ? "reply" : "second-level-reply";

    public static MailProtocol? Protocol(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "IMAP" => MailProtocol.Imap,
        "POP3" => MailProtocol.Pop3,
        _ => null,
    };

    public static MailTlsMode? TlsMode(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "IMPLICIT" => MailTlsMode.Implicit,
        "STARTTLS" => MailTlsMode.StartTls,
        "NONE" => MailTlsMode.None,
        _ => null,
    };

    public static SystemAccountType? Type(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "REPLY" => SystemAccountType.Reply,
        "SECOND-LEVEL-REPLY" => SystemAccountType.SecondLevelReply,
        _ => null,
    };

    public static InboundAccountItem Item(InboundAccount a) => new(
        a.Id, a.Name, Of(a.Protocol), a.Host, a.Port, Of(a.TlsMode), a.UserName, a.ProtectedSecret is not null,
        a.Folder, a.Weighting, a.KeepOnServer, a.Enabled);

    public static SystemAccountItem Item(SystemAccount a) => new(
        a.Id, Of(a.Type), a.Name, a.EmailAddress, "email", Of(a.Protocol), a.Weighting, TenantSpecific: true);

    public static OutboundServerItem Item(OutboundSmtpServer s) => new(
        s.Id, s.Name, s.Host, s.Port, Of(s.TlsMode), s.Authenticate, s.UserName, s.ProtectedSecret is not null,
        SplitAddresses(s.SenderAddresses), s.Active);

    public static IReadOnlyList<string> SplitAddresses(string stored) =>
        stored.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Collects per-field errors in the shape <c>ValidationProblem</c> wants.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The trimmed text, or null after recording an error when it is missing or too long.</summary>
    public string? Required(string field, string? value, int maxLength, string what)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || text.Length > maxLength)
        {
            Add(field, $"Enter {what} of 1 to {maxLength} characters.");
            return null;
        }

        return text;
    }

    /// <summary>A DNS host name or an IP address (the name the server certificate must carry).</summary>
    public string? Host(string field, string? value)
    {
        var host = value?.Trim() ?? "";
        if (host.Length is 0 or > InboundAccount.HostMaxLength
            || Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            Add(field, "Enter a host name (e.g. imap.example.com) or an IP address.");
            return null;
        }

        return host;
    }

    public int Port(string field, int? value, int defaultPort)
    {
        if (value is { } port && port is < 1 or > 65535)
        {
            Add(field, "Enter a port from 1 to 65535.");
        }

        return value ?? defaultPort;
    }

    public int Weighting(string field, int? value)
    {
        if (value is { } weighting && weighting is < InboundAccount.MinWeighting or > InboundAccount.MaxWeighting)
        {
            Add(field, $"Enter a weighting from {InboundAccount.MinWeighting} to {InboundAccount.MaxWeighting}.");
        }

        return value ?? InboundAccount.DefaultWeighting;
    }

    /// <summary>A bare address (<c>local@domain</c>), no display name, no line breaks.</summary>
    public string? Address(string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (!IsAddress(text))
        {
            Add(field, $"'{text}' is not an e-mail address (local@domain).");
            return null;
        }

        return text;
    }

    private static bool IsAddress(string text) =>
        text.Length is > 2 and <= SystemAccount.AddressMaxLength
        && !text.Any(char.IsWhiteSpace)
        && text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 1
        && MailAddress.TryCreate(text, out var parsed) && parsed.Address == text && parsed.DisplayName.Length == 0
        && Uri.CheckHostName(text[(at + 1)..]) == UriHostNameType.Dns;
}
