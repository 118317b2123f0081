using System.Net.Mail;
using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.MailAccounts;

// Requests take strings and nullable values so that every wrong field is reported by name, never as an unreadable 400.

/// <summary>
/// An inbound account as entered. <c>ImportedFolder</c> (IMAP, kept on the server): where imported messages are moved,
/// null flags them where they are; <c>PartitionId</c>: the client partition contacts from this account belong to.
/// </summary>
public sealed record InboundAccountRequest(
    string? Name, string? Protocol, string? Host, int? Port, string? TlsMode, string? UserName, string? Secret,
    string? Folder, int? Weighting, bool? KeepOnServer, bool? Enabled, string? ImportedFolder = null, string? PartitionId = null);

/// <summary>An inbound account as the API shows it: the secret itself is never sent, only whether one is stored.</summary>
public sealed record InboundAccountItem(
    Guid Id, string Name, string Protocol, string Host, int Port, string TlsMode, string UserName, bool HasSecret,
    string? Folder, int Weighting, bool KeepOnServer, bool Enabled, string? ImportedFolder, Guid? PartitionId);

/// <summary>
/// A system account: the general tab, and the server tab its mail is fetched from (optional: without a host the
/// account is not fetched and the other server fields are ignored).
/// </summary>
public sealed record SystemAccountRequest(
    string? Type, string? Name, string? EmailAddress, string? Protocol, int? Weighting,
    string? Host = null, int? Port = null, string? TlsMode = null, string? UserName = null, string? Secret = null, string? Folder = null, bool? KeepOnServer = null);

/// <summary>
/// A system account; the channel is always e-mail and every account of a tenant's database is tenant-specific. The
/// server fields are null while no server is configured; the secret is never sent, only whether one is stored.
/// </summary>
public sealed record SystemAccountItem(
    Guid Id, string Type, string Name, string EmailAddress, string Channel, string Protocol, int Weighting, bool TenantSpecific,
    string? Host, int? Port, string? TlsMode, string? UserName, bool HasSecret, string? Folder, bool KeepOnServer);

/// <summary>How fetching an account went, from the catalog's fetch directory; no fetch yet: null, null, 0.</summary>
public sealed record MailFetchStatus(DateTime? LastFetchAt, string? LastError, long MessagesTaken)
{
    public static readonly MailFetchStatus NotYet = new(null, null, 0);
}

/// <summary>A system account the tenant's mail goes through: its own, or the platform's global one of that type (<see cref="Global"/>).</summary>
public sealed record EffectiveSystemAccountItem(
    Guid Id, string Type, string Name, string EmailAddress, string Channel, string Protocol, int Weighting, bool Global);

public sealed record OutboundServerRequest(
    string? Name, string? Host, int? Port, string? TlsMode, bool? Authenticate, string? UserName, string? Secret,
    IReadOnlyList<string>? SenderAddresses, bool? Active);

public sealed record OutboundServerItem(
    Guid Id, string Name, string Host, int Port, string TlsMode, bool Authenticate, string? UserName, bool HasSecret,
    IReadOnlyList<string> SenderAddresses, bool Active);

/// <summary>The result of "test connection": failures are a result too, with the server's answer.</summary>
/// <param name="Ok">The server accepted the connection and the sign-in.</param>
/// <param name="Message">What happened, for the administrator.</param>
/// <param name="ProtocolLog">The conversation with the server, passwords removed; empty when no connection was tried.</param>
public sealed record ConnectionTestResult(bool Ok, string Message, string ProtocolLog);

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
        a.Folder, a.Weighting, a.KeepOnServer, a.Enabled, a.ImportedFolder, a.PartitionId);

    public static SystemAccountItem Item(SystemAccount a) => Item(a, tenantSpecific: true);

    /// <summary>A global system account of the platform operator.</summary>
    public static SystemAccountItem Item(Data.Catalog.GlobalSystemAccount a) => Item(a, tenantSpecific: false);

    public static EffectiveSystemAccountItem Item(EffectiveSystemAccount a) => new(
        a.Account.Id, Of(a.Account.Type), a.Account.Name, a.Account.EmailAddress, "email", Of(a.Account.Protocol), a.Account.Weighting, a.Global);

    private static SystemAccountItem Item(ISystemAccount a, bool tenantSpecific) => a.Host is null
        ? new(a.Id, Of(a.Type), a.Name, a.EmailAddress, "email", Of(a.Protocol), a.Weighting, tenantSpecific, null, null, null, null, false, null, a.KeepOnServer)
        : new(a.Id, Of(a.Type), a.Name, a.EmailAddress, "email", Of(a.Protocol), a.Weighting, tenantSpecific,
            a.Host, a.Port, Of(a.TlsMode), a.UserName, a.ProtectedSecret is not null, a.Folder, a.KeepOnServer);

    public static OutboundServerItem Item(OutboundSmtpServer s) => new(
        s.Id, s.Name, s.Host, s.Port, Of(s.TlsMode), s.Authenticate, s.UserName, s.ProtectedSecret is not null,
        SplitAddresses(s.SenderAddresses), s.Active);

    public static IReadOnlyList<string> SplitAddresses(string stored) =>
        stored.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Field rules of the mail account masks.</summary>
internal static class MailAccountFields
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    /// <summary>A DNS host name or an IP address (the name the server certificate must carry).</summary>
    public static string? Host(this FieldErrors errors, string field, string? value)
    {
        var host = value?.Trim() ?? "";
        if (host.Length is 0 or > InboundAccount.HostMaxLength
            || Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            errors.Add(field, Texts["HostInvalid"]);
            return null;
        }

        return host;
    }

    /// <summary>
    /// Whether a change sends the stored password somewhere else (another host, port or TLS mode): then the password
    /// must be entered again, or whoever changed it would receive the mailbox's password at a server of their choice.
    /// An invalid new target has its own field errors and is not saved anyway.
    /// </summary>
    public static bool Retargeted(string storedHost, int storedPort, MailTlsMode storedTls, string? host, int port, MailTlsMode? tls) =>
        host is not null && tls is not null && port is >= 1 and <= 65535
        && (!string.Equals(storedHost, host, StringComparison.OrdinalIgnoreCase) || storedPort != port || storedTls != tls);

    public static int Port(this FieldErrors errors, string field, int? value, int defaultPort)
    {
        if (value is { } port && port is < 1 or > 65535)
        {
            errors.Add(field, Texts["PortInvalid"]);
        }

        return value ?? defaultPort;
    }

    public static int Weighting(this FieldErrors errors, string field, int? value)
    {
        if (value is { } weighting && weighting is < InboundAccount.MinWeighting or > InboundAccount.MaxWeighting)
        {
            errors.Add(field, Texts["WeightingInvalid", InboundAccount.MinWeighting, InboundAccount.MaxWeighting]);
        }

        return value ?? InboundAccount.DefaultWeighting;
    }

    /// <summary>A bare address (<c>local@domain</c>), no display name, no line breaks.</summary>
    public static string? Address(this FieldErrors errors, string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (!IsAddress(text))
        {
            errors.Add(field, Texts["AddressInvalid", text]);
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
