using ContactCenter.Data.Tenant;
using Microsoft.AspNetCore.DataProtection;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// The one set of field rules for system accounts, the tenant's own and the platform operator's global ones: they
/// differ only in where a name must be unique and which Data Protection purpose guards the password.
/// </summary>
internal static class SystemAccountRules
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    /// <summary>
    /// Validates the request and, only when all of it is valid, copies it onto the account; <paramref name="nameTaken"/>
    /// tells whether another account of the same list (the tenant's, or the global ones) already has that name. The
    /// server tab is optional: without a host the account is not fetched and its server settings and password go;
    /// with one it is checked as an inbound account's is.
    /// </summary>
    public static async Task<FieldErrors> ApplyAsync(
        ISystemAccount account, SystemAccountRequest request, Func<string, Task<bool>> nameTaken, IDataProtector secrets, PublicAddressPolicy hosts,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var type = MailAccountNames.Type(request.Type);
        if (type is null)
        {
            errors.Add("type", Texts["ChooseType"]);
        }

        var name = errors.Required("name", request.Name, SystemAccount.NameMaxLength, Texts["WhatName"]);
        if (name is not null && await nameTaken(name))
        {
            errors.Add("name", Texts["SystemNameTaken", name]);
        }

        var address = errors.Address("emailAddress", request.EmailAddress);
        var protocol = request.Protocol is null ? MailProtocol.Imap : MailAccountNames.Protocol(request.Protocol);
        if (protocol is null)
        {
            errors.Add("protocol", Texts["ChooseProtocol"]);
        }

        var weighting = errors.Weighting("weighting", request.Weighting);
        var server = string.IsNullOrWhiteSpace(request.Host) ? null : await errors.ServerTabAsync(
            new MailServerInput(protocol, request.Host, request.Port, request.TlsMode, request.UserName, request.Secret, request.Folder),
            new StoredMailServer(account.Host, account.Port, account.TlsMode, account.ProtectedSecret is not null), hosts, cancellationToken);
        if (!errors.Any)
        {
            account.Type = type!.Value;
            account.Name = name!;
            account.EmailAddress = address!;
            account.Protocol = protocol!.Value;
            account.Weighting = weighting;
            account.KeepOnServer = request.KeepOnServer ?? true;
            ApplyServer(account, server, secrets);
        }

        return errors;
    }

    private static void ApplyServer(ISystemAccount account, MailServerTab? server, IDataProtector secrets)
    {
        account.Host = server?.Host;
        account.Port = server?.Port ?? 0;
        account.TlsMode = server?.TlsMode ?? MailTlsMode.Implicit;
        account.UserName = server?.UserName;
        account.Folder = server?.Folder;
        if (server is null)
        {
            // No server, no password: a password kept for a later server could be sent wherever that one is.
            account.ProtectedSecret = null;
        }
        else if (server.NewSecret is not null)
        {
            account.ProtectedSecret = secrets.Protect(server.NewSecret);
        }
    }
}
