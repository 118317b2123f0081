using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// Mail account configuration of the resolved tenant (administrators only): inbound accounts, system accounts and
/// outbound SMTP servers, each listed, read, created, replaced and deleted, plus "test connection". Passwords are
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
        inbound.MapDelete("/{id:guid}", (Guid id, TenantDbContext db, CancellationToken ct) => DeleteAsync(db.InboundAccounts, db, id, ct));
        inbound.MapPost("/{id:guid}/test", InboundAccountHandlers.TestAsync);

        var system = api.MapGroup("/system");
        system.MapGet("", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok(
            (await db.SystemAccounts.AsNoTracking().OrderBy(a => a.Type).ThenBy(a => a.Name).ToListAsync(ct)).Select(MailAccountNames.Item).ToList()));
        system.MapGet("/{id:guid}", async Task<Results<Ok<SystemAccountItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await db.SystemAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } account
                ? TypedResults.Ok(MailAccountNames.Item(account)) : TypedResults.NotFound());
        system.MapGet("/effective", async (EffectiveSystemAccounts effective, CancellationToken ct) => TypedResults.Ok(
            (await effective.ListAsync(ct)).Select(MailAccountNames.Item).ToList()));
        system.MapPost("", CreateSystemAsync);
        system.MapPut("/{id:guid}", UpdateSystemAsync);
        system.MapDelete("/{id:guid}", (Guid id, TenantDbContext db, CancellationToken ct) => DeleteAsync(db.SystemAccounts, db, id, ct));

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
    internal static string? StoredSecret(IDataProtectionProvider protection, TenantContext tenant, string? protectedSecret)
    {
        if (protectedSecret is null)
        {
            return null;
        }

        try
        {
            return MailSecrets.Unprotect(protection, tenant.Required.Id, protectedSecret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The key ring lost the key (or the value was copied from another tenant): the administrator enters it again.
            return null;
        }
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

    private static async Task<Results<Created<SystemAccountItem>, ValidationProblem>> CreateSystemAsync(
        SystemAccountRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var account = new SystemAccount { Name = "", EmailAddress = "" };
        var errors = await ValidatedSave.AddAsync(db, account, () => ApplySystemAsync(account, request, db, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Created($"system/{account.Id}", MailAccountNames.Item(account));
    }

    private static async Task<Results<Ok<SystemAccountItem>, ValidationProblem, NotFound>> UpdateSystemAsync(
        Guid id, SystemAccountRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (await db.SystemAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        var errors = await ValidatedSave.SaveAsync(db, () => ApplySystemAsync(account, request, db, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(MailAccountNames.Item(account));
    }

    /// <summary>Validates the request and, only when all of it is valid, copies it onto the account.</summary>
    internal static Task<FieldErrors> ApplySystemAsync(SystemAccount account, SystemAccountRequest request, TenantDbContext db, CancellationToken cancellationToken) =>
        SystemAccountRules.ApplyAsync(account, request,
            name => db.SystemAccounts.AnyAsync(a => a.Name == name && a.Id != account.Id, cancellationToken));
}
