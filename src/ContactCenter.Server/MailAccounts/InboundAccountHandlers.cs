using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>Create, replace and test inbound (IMAP/POP3) accounts.</summary>
internal static class InboundAccountHandlers
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    public static async Task<Results<Created<InboundAccountItem>, ValidationProblem>> CreateAsync(
        InboundAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts, CancellationToken cancellationToken)
    {
        var account = new InboundAccount { Name = "", Host = "", UserName = "" };
        var errors = await ValidatedSave.AddAsync(db, account, () => ApplyAsync(account, request, db, tenant, protection, hosts, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Created($"inbound/{account.Id}", MailAccountNames.Item(account));
    }

    public static async Task<Results<Ok<InboundAccountItem>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, InboundAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts, CancellationToken cancellationToken)
    {
        if (await db.InboundAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        var errors = await ValidatedSave.SaveAsync(db, () => ApplyAsync(account, request, db, tenant, protection, hosts, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(MailAccountNames.Item(account));
    }

    public static async Task<Results<Ok<ConnectionTestResult>, NotFound>> TestAsync(
        Guid id, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await db.InboundAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        var password = MailAccountsFeature.StoredSecret(protection, tenant, account.ProtectedSecret);
        return TypedResults.Ok(await MailConnectionTester.TestInboundAsync(account, password, configuration, cancellationToken));
    }

    /// <summary>Validates the request and, only when all of it is valid, copies it onto the account.</summary>
    internal static async Task<FieldErrors> ApplyAsync(
        InboundAccount account, InboundAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", request.Name, InboundAccount.NameMaxLength, Texts["WhatName"]);
        if (name is not null && await db.InboundAccounts.AnyAsync(a => a.Name == name && a.Id != account.Id, cancellationToken))
        {
            errors.Add("name", Texts["InboundNameTaken", name]);
        }

        var protocol = MailAccountNames.Protocol(request.Protocol);
        if (protocol is null)
        {
            errors.Add("protocol", Texts["ChooseProtocol"]);
        }

        var tls = request.TlsMode is null ? MailTlsMode.Implicit : MailAccountNames.TlsMode(request.TlsMode);
        if (tls is null)
        {
            errors.Add("tlsMode", Texts["ChooseTlsMode"]);
        }

        var host = errors.Host("host", request.Host);
        await hosts.CheckHostAsync(errors, "host", host, cancellationToken);
        var port = errors.Port("port", request.Port, (protocol, tls) switch
        {
            (MailProtocol.Pop3, MailTlsMode.Implicit) => 995,
            (MailProtocol.Pop3, _) => 110,
            (_, MailTlsMode.Implicit) => 993,
            _ => 143,
        });
        var user = errors.Required("userName", request.UserName, InboundAccount.UserMaxLength, Texts["WhatUserName"]);
        var secret = MailAccountsFeature.NewSecret(errors, request.Secret);
        if (secret is null && account.ProtectedSecret is null && string.IsNullOrEmpty(request.Secret))
        {
            errors.Add("secret", Texts["EnterMailboxPassword"]);
        }
        else if (secret is null && account.ProtectedSecret is not null && MailAccountFields.Retargeted(account.Host, account.Port, account.TlsMode, host, port, tls))
        {
            errors.Add("secret", Texts["EnterPasswordAgain"]);
        }

        string? folder = null;
        if (protocol == MailProtocol.Imap)
        {
            folder = request.Folder is null ? "INBOX" : errors.Required("folder", request.Folder, InboundAccount.FolderMaxLength, Texts["WhatImapFolder"]);
        }

        var weighting = errors.Weighting("weighting", request.Weighting);
        if (!errors.Any)
        {
            account.Name = name!;
            account.Protocol = protocol!.Value;
            account.Host = host!;
            account.Port = port;
            account.TlsMode = tls!.Value;
            account.UserName = user!;
            account.Folder = folder;
            account.Weighting = weighting;
            account.KeepOnServer = request.KeepOnServer ?? true;
            account.Enabled = request.Enabled ?? true;
            if (secret is not null)
            {
                account.ProtectedSecret = MailSecrets.Protect(protection, tenant.Required.Id, secret);
            }
        }

        return errors;
    }
}
