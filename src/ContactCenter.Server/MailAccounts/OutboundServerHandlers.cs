using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>Create, replace and test outbound SMTP servers.</summary>
internal static class OutboundServerHandlers
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<MailAccountsTexts>();

    public static async Task<Results<Created<OutboundServerItem>, ValidationProblem>> CreateAsync(
        OutboundServerRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts, CancellationToken cancellationToken)
    {
        var server = new OutboundSmtpServer { Name = "", Host = "" };
        var errors = await ValidatedSave.AddAsync(db, server, () => ApplyAsync(server, request, db, tenant, protection, hosts, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Created($"outbound/{server.Id}", MailAccountNames.Item(server));
    }

    public static async Task<Results<Ok<OutboundServerItem>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, OutboundServerRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts, CancellationToken cancellationToken)
    {
        if (await db.OutboundSmtpServers.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } server)
        {
            return TypedResults.NotFound();
        }

        var errors = await ValidatedSave.SaveAsync(db, () => ApplyAsync(server, request, db, tenant, protection, hosts, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(MailAccountNames.Item(server));
    }

    public static async Task<Results<Ok<ConnectionTestResult>, NotFound>> TestAsync(
        Guid id, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await db.OutboundSmtpServers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } server)
        {
            return TypedResults.NotFound();
        }

        var password = MailAccountsFeature.StoredSecret(protection, tenant, server.ProtectedSecret);
        return TypedResults.Ok(await MailConnectionTester.TestOutboundAsync(server, password, configuration, cancellationToken));
    }

    /// <summary>Validates the request and, only when all of it is valid, copies it onto the server.</summary>
    internal static async Task<FieldErrors> ApplyAsync(
        OutboundSmtpServer server, OutboundServerRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", request.Name, OutboundSmtpServer.NameMaxLength, Texts["WhatName"]);
        if (name is not null && await db.OutboundSmtpServers.AnyAsync(s => s.Name == name && s.Id != server.Id, cancellationToken))
        {
            errors.Add("name", Texts["OutboundNameTaken", name]);
        }

        var host = errors.Host("host", request.Host);
        await hosts.CheckHostAsync(errors, "host", host, cancellationToken);
        var tls = request.TlsMode is null ? MailTlsMode.StartTls : MailAccountNames.TlsMode(request.TlsMode);
        if (tls is null)
        {
            errors.Add("tlsMode", Texts["ChooseTlsMode"]);
        }

        // Submission (RFC 6409) on 587 with STARTTLS, SMTPS (RFC 8314) on 465, plain SMTP on 25.
        var port = errors.Port("port", request.Port, tls switch { MailTlsMode.Implicit => 465, MailTlsMode.None => 25, _ => 587 });
        var authenticate = request.Authenticate ?? false;
        string? user = null;
        var secret = MailAccountsFeature.NewSecret(errors, request.Secret);
        if (authenticate)
        {
            user = errors.Required("userName", request.UserName, InboundAccount.UserMaxLength, Texts["WhatUserName"]);
            if (secret is null && server.ProtectedSecret is null && string.IsNullOrEmpty(request.Secret))
            {
                errors.Add("secret", Texts["EnterSmtpPassword"]);
            }
            else if (secret is null && server.ProtectedSecret is not null && MailAccountFields.Retargeted(server.Host, server.Port, server.TlsMode, host, port, tls))
            {
                errors.Add("secret", Texts["EnterPasswordAgain"]);
            }
        }

        var addresses = new List<string>();
        var senders = request.SenderAddresses ?? [];
        if (senders.Count == 0)
        {
            errors.Add("senderAddresses", Texts["EnterSender"]);
        }

        for (var i = 0; i < senders.Count; i++)
        {
            if (errors.Address($"senderAddresses[{i}]", senders[i]) is { } address
                && !addresses.Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                addresses.Add(address);
            }
        }

        var stored = string.Join('\n', addresses);
        if (stored.Length > OutboundSmtpServer.SenderAddressesMaxLength)
        {
            errors.Add("senderAddresses", Texts["SendersTooLong", OutboundSmtpServer.SenderAddressesMaxLength]);
        }

        if (!errors.Any)
        {
            server.Name = name!;
            server.Host = host!;
            server.Port = port;
            server.TlsMode = tls!.Value;
            server.Authenticate = authenticate;
            server.UserName = user;
            server.SenderAddresses = stored;
            server.Active = request.Active ?? true;
            if (!authenticate)
            {
                // Nothing is kept that is not used: without authentication the stored password goes.
                server.ProtectedSecret = null;
            }
            else if (secret is not null)
            {
                server.ProtectedSecret = MailSecrets.Protect(protection, tenant.Required.Id, secret);
            }
        }

        return errors;
    }
}
