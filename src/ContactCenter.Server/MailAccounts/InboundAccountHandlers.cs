using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>Create, replace and test inbound (IMAP/POP3) accounts; every save is written to the fetch directory too.</summary>
internal static class InboundAccountHandlers
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    public static async Task<Results<Created<InboundAccountItem>, ValidationProblem>> CreateAsync(
        InboundAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts,
        MailFetchDirectory directory, CancellationToken cancellationToken)
    {
        var account = new InboundAccount { Name = "", Host = "", UserName = "" };
        var errors = await MailAccountsFeature.SaveFetchedAsync(db, tenant, directory, account,
            () => ApplyAsync(account, request, db, tenant, protection, hosts, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Created($"inbound/{account.Id}", MailAccountNames.Item(account));
    }

    public static async Task<Results<Ok<InboundAccountItem>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, InboundAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts,
        MailFetchDirectory directory, CancellationToken cancellationToken)
    {
        if (await db.InboundAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        var errors = await MailAccountsFeature.SaveFetchedAsync(db, tenant, directory, null,
            () => ApplyAsync(account, request, db, tenant, protection, hosts, cancellationToken), cancellationToken);
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

        var server = await errors.ServerTabAsync(
            new MailServerInput(protocol, request.Host, request.Port, request.TlsMode, request.UserName, request.Secret, request.Folder),
            new StoredMailServer(account.Host, account.Port, account.TlsMode, account.ProtectedSecret is not null), hosts, cancellationToken);
        var weighting = errors.Weighting("weighting", request.Weighting);
        var keepOnServer = request.KeepOnServer ?? true;
        var importedFolder = ImportedFolder(errors, request.ImportedFolder, protocol, keepOnServer, server?.Folder);
        var partition = await PartitionAsync(errors, request.PartitionId, db, cancellationToken);
        if (!errors.Any)
        {
            account.Name = name!;
            account.Protocol = protocol!.Value;
            account.Host = server!.Host;
            account.Port = server.Port;
            account.TlsMode = server.TlsMode;
            account.UserName = server.UserName;
            account.Folder = server.Folder;
            account.Weighting = weighting;
            account.KeepOnServer = keepOnServer;
            account.ImportedFolder = importedFolder;
            account.PartitionId = partition;
            account.Enabled = request.Enabled ?? true;
            if (server.NewSecret is not null)
            {
                account.ProtectedSecret = MailSecrets.Protect(protection, tenant.Required.Id, server.NewSecret);
            }
        }

        return errors;
    }

    /// <summary>
    /// Where imported messages are moved: only IMAP can move, and only messages that stay on the server; not the folder
    /// mail is imported from (it would be imported again). Empty means "flag them where they are".
    /// </summary>
    private static string? ImportedFolder(FieldErrors errors, string? value, MailProtocol? protocol, bool keepOnServer, string? folder)
    {
        var importedFolder = errors.Text("importedFolder", value, InboundAccount.FolderMaxLength);
        if (importedFolder is null)
        {
            return null;
        }

        if (protocol != MailProtocol.Imap || !keepOnServer)
        {
            errors.Add("importedFolder", Texts["ImportedFolderImapKept"]);
        }
        else if (string.Equals(importedFolder, folder, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("importedFolder", Texts["ImportedFolderIsFolder"]);
        }

        return importedFolder;
    }

    /// <summary>The client partition, one of the tenant's; empty means none.</summary>
    private static async Task<Guid?> PartitionAsync(FieldErrors errors, string? value, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Guid.TryParse(value, out var id) || !await db.ClientPartitions.AnyAsync(p => p.Id == id, cancellationToken))
        {
            errors.Add("partitionId", Texts["NotAPartition", value.Trim()]);
            return null;
        }

        return id;
    }
}
