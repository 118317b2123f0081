using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// Mail account configuration of the resolved tenant (administrators only): inbound accounts, system accounts and
/// outbound SMTP servers, each listed, read, created, replaced and deleted, plus "test connection" and (inbound and
/// system accounts) the fetch status. Every change of an inbound or system account is written to the catalog's fetch
/// directory after the tenant's save. Passwords are
/// stored protected and never leave the server; a replacement without a password keeps the stored one.
/// The platform operator's global system accounts are managed under <c>/api/platform/system-accounts</c>;
/// <c>/api/mail-accounts/system/effective</c> shows which system accounts are in effect for the tenant.
/// </summary>
public static class MailAccountsFeature
{
    internal const int SecretMaxLength = 1000;

    public static IHostApplicationBuilder AddMailAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<EffectiveSystemAccounts>();
        builder.Services.AddScoped<MailFetchStatuses>();

        builder.Services.AddSingleton(services => PublicAddressPolicy.From(services.GetRequiredService<IConfiguration>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapMailAccounts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/mail-accounts").RequireTenant().RequireAuthorization(TenantRoles.Administrator).WithTags("Mail accounts");

        var inbound = api.MapGroup("/inbound");
        inbound.MapGet("", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok(
            (await db.InboundAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct)).Select(MailAccountNames.Item).ToList()));
        inbound.MapGet("/{id:guid}", async Task<Results<Ok<InboundAccountItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await db.InboundAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } account
                ? TypedResults.Ok(MailAccountNames.Item(account)) : TypedResults.NotFound());
        inbound.MapPost("", InboundAccountHandlers.CreateAsync);
        inbound.MapPut("/{id:guid}", InboundAccountHandlers.UpdateAsync);
        inbound.MapDelete("/{id:guid}", (Guid id, TenantDbContext db, TenantContext tenant, MailFetchDirectory directory, CancellationToken ct) =>
            DeleteFetchedAsync(db.InboundAccounts, db, id, tenant, directory, ct));
        inbound.MapPost("/{id:guid}/test", InboundAccountHandlers.TestAsync);
        inbound.MapGet("/{id:guid}/status", async (Guid id, TenantDbContext db, TenantContext tenant, MailFetchStatuses statuses, CancellationToken ct) =>
            await StatusAsync(await db.InboundAccounts.AnyAsync(a => a.Id == id, ct), tenant.Required.Id, id, statuses, ct));

        var system = api.MapGroup("/system");
        system.MapGet("", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok(
            (await db.SystemAccounts.AsNoTracking().OrderBy(a => a.Type).ThenBy(a => a.Name).ToListAsync(ct)).Select(MailAccountNames.Item).ToList()));
        system.MapGet("/{id:guid}", async Task<Results<Ok<SystemAccountItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await db.SystemAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } account
                ? TypedResults.Ok(MailAccountNames.Item(account)) : TypedResults.NotFound());
        system.MapGet("/effective", async (EffectiveSystemAccounts effective, CancellationToken ct) => TypedResults.Ok(
            (await effective.ListAsync(ct)).Select(MailAccountNames.Item).ToList()));
        system.MapPost("", SystemAccountHandlers.CreateAsync);
        system.MapPut("/{id:guid}", SystemAccountHandlers.UpdateAsync);
        system.MapDelete("/{id:guid}", (Guid id, TenantDbContext db, TenantContext tenant, MailFetchDirectory directory, CancellationToken ct) =>
            DeleteFetchedAsync(db.SystemAccounts, db, id, tenant, directory, ct));
        system.MapPost("/{id:guid}/test", SystemAccountHandlers.TestAsync);
        system.MapGet("/{id:guid}/status", async (Guid id, TenantDbContext db, TenantContext tenant, MailFetchStatuses statuses, CancellationToken ct) =>
            await StatusAsync(await db.SystemAccounts.AnyAsync(a => a.Id == id, ct), tenant.Required.Id, id, statuses, ct));

        var outbound = api.MapGroup("/outbound");
        outbound.MapGet("", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok(
            (await db.OutboundSmtpServers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(MailAccountNames.Item).ToList()));
        outbound.MapGet("/{id:guid}", async Task<Results<Ok<OutboundServerItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await db.OutboundSmtpServers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } server
                ? TypedResults.Ok(MailAccountNames.Item(server)) : TypedResults.NotFound());
        outbound.MapPost("", OutboundServerHandlers.CreateAsync);
        outbound.MapPut("/{id:guid}", OutboundServerHandlers.UpdateAsync);
        outbound.MapDelete("/{id:guid}", (Guid id, TenantDbContext db, CancellationToken ct) => DeleteAsync(db.OutboundSmtpServers, db, id, ct));
        outbound.MapPost("/{id:guid}/test", OutboundServerHandlers.TestAsync);

        GlobalSystemAccountHandlers.Map(app);
        return app;
    }

    /// <summary>The password to store, or an error; null and empty mean "keep the stored one".</summary>
    internal static string? NewSecret(FieldErrors errors, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }

        // The password travels on one protocol line (IMAP LOGIN, POP3 PASS, SASL): line breaks cannot be sent.
        if (secret.Length > SecretMaxLength || secret.Contains('\r', StringComparison.Ordinal) || secret.Contains('\n', StringComparison.Ordinal))
        {
            errors.Add("secret", Localization.Texts<MailAccountsTexts>()["SecretInvalid", SecretMaxLength]);
            return null;
        }

        return secret;
    }

    /// <summary>The stored password in clear, or null when none is stored or it cannot be decrypted any more.</summary>
    internal static string? StoredSecret(IDataProtectionProvider protection, TenantContext tenant, string? protectedSecret) =>
        StoredSecret(MailSecrets.ProtectorFor(protection, tenant.Required.Id), protectedSecret);

    /// <summary>The stored password in clear, or null when none is stored or <paramref name="secrets"/> cannot decrypt it any more.</summary>
    internal static string? StoredSecret(IDataProtector secrets, string? protectedSecret)
    {
        if (protectedSecret is null)
        {
            return null;
        }

        try
        {
            return secrets.Unprotect(protectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The key ring lost the key (or the value was copied from another tenant): the administrator enters it again.
            return null;
        }
    }

    /// <summary>
    /// The fetch status of an account that exists (<paramref name="exists"/>, found in the tenant's database or among the
    /// global accounts): a row of another tenant is never read.
    /// </summary>
    internal static async Task<Results<Ok<MailFetchStatus>, NotFound>> StatusAsync(
        bool exists, Guid? tenantId, Guid id, MailFetchStatuses statuses, CancellationToken cancellationToken) =>
        exists ? TypedResults.Ok(await statuses.OfAsync(tenantId, id, cancellationToken)) : TypedResults.NotFound();

    /// <summary>
    /// Saves an inbound or system account (adding <paramref name="added"/> when it is new) when <paramref name="apply"/>
    /// found no error, then writes the tenant's fetch directory.
    /// </summary>
    internal static async Task<FieldErrors> SaveFetchedAsync(
        TenantDbContext db, TenantContext tenant, MailFetchDirectory directory, object? added, Func<Task<FieldErrors>> apply, CancellationToken cancellationToken)
    {
        var errors = added is null
            ? await ValidatedSave.SaveAsync(db, apply, cancellationToken)
            : await ValidatedSave.AddAsync(db, added, apply, cancellationToken);
        if (!errors.Any)
        {
            await directory.SyncTenantAsync(tenant.Required.Id, db, cancellationToken);
        }

        return errors;
    }

    /// <summary>Deletes an account the fetch cycle goes round and takes it out of the fetch directory.</summary>
    private static async Task<Results<NoContent, NotFound>> DeleteFetchedAsync<T>(
        DbSet<T> set, TenantDbContext db, Guid id, TenantContext tenant, MailFetchDirectory directory, CancellationToken cancellationToken)
        where T : class, IAudited
    {
        var deleted = await DeleteAsync(set, db, id, cancellationToken);
        if (deleted.Result is NoContent)
        {
            await directory.SyncTenantAsync(tenant.Required.Id, db, cancellationToken);
        }

        return deleted;
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync<T>(DbSet<T> set, TenantDbContext db, Guid id, CancellationToken cancellationToken)
        where T : class, IAudited
    {
        if (await set.SingleOrDefaultAsync(e => e.Id == id, cancellationToken) is not { } entity)
        {
            return TypedResults.NotFound();
        }

        set.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
