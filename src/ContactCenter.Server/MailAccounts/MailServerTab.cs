using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.MailAccounts;

/// <summary>The server fields of a request, as typed (inbound account, or a system account's server tab).</summary>
internal sealed record MailServerInput(
    MailProtocol? Protocol, string? Host, int? Port, string? TlsMode, string? UserName, string? Secret, string? Folder);

/// <summary>What the account has stored: where its stored password may be sent, and whether there is one.</summary>
internal sealed record StoredMailServer(string? Host, int Port, MailTlsMode TlsMode, bool HasSecret);

/// <summary>A valid server tab; <see cref="NewSecret"/> only when a password was entered (else the stored one stays).</summary>
internal sealed record MailServerTab(string Host, int Port, MailTlsMode TlsMode, string UserName, string? NewSecret, string? Folder);

/// <summary>
/// The one set of rules for the server an account's mail is fetched from, inbound accounts and system accounts alike:
/// host (public, <see cref="PublicAddressPolicy"/>), port, TLS mode, user, password (required when none is stored,
/// entered again when the server changes), IMAP folder.
/// </summary>
internal static class MailServerTabRules
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    /// <summary>The checked server tab, or null when a field is wrong (<paramref name="errors"/> says which).</summary>
    public static async Task<MailServerTab?> ServerTabAsync(
        this FieldErrors errors, MailServerInput input, StoredMailServer stored, PublicAddressPolicy hosts, CancellationToken cancellationToken)
    {
        var before = errors.Count;
        var tls = input.TlsMode is null ? MailTlsMode.Implicit : MailAccountNames.TlsMode(input.TlsMode);
        if (tls is null)
        {
            errors.Add("tlsMode", Texts["ChooseTlsMode"]);
        }

        var host = errors.Host("host", input.Host);
        await hosts.CheckHostAsync(errors, "host", host, cancellationToken);
        var port = errors.Port("port", input.Port, (input.Protocol, tls) switch
        {
            (MailProtocol.Pop3, MailTlsMode.Implicit) => 995,
            (MailProtocol.Pop3, _) => 110,
            (_, MailTlsMode.Implicit) => 993,
            _ => 143,
        });
        var user = errors.Required("userName", input.UserName, InboundAccount.UserMaxLength, Texts["WhatUserName"]);
        var secret = MailAccountsFeature.NewSecret(errors, input.Secret);
        if (secret is null && !stored.HasSecret && string.IsNullOrEmpty(input.Secret))
        {
            errors.Add("secret", Texts["EnterMailboxPassword"]);
        }
        else if (secret is null && stored.HasSecret && MailAccountFields.Retargeted(stored.Host ?? "", stored.Port, stored.TlsMode, host, port, tls))
        {
            errors.Add("secret", Texts["EnterPasswordAgain"]);
        }

        string? folder = null;
        if (input.Protocol == MailProtocol.Imap)
        {
            folder = input.Folder is null ? "INBOX" : errors.Required("folder", input.Folder, InboundAccount.FolderMaxLength, Texts["WhatImapFolder"]);
        }

        return errors.Count > before ? null : new MailServerTab(host!, port, tls!.Value, user!, secret, folder);
    }
}
