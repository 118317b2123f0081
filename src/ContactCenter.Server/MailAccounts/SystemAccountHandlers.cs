using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>Create, replace, test and show the fetch status of the tenant's own system accounts.</summary>
internal static class SystemAccountHandlers
{
    public static async Task<Results<Created<SystemAccountItem>, ValidationProblem>> CreateAsync(
        SystemAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts,
        MailFetchDirectory directory, CancellationToken cancellationToken)
    {
        var account = new SystemAccount { Name = "", EmailAddress = "" };
        var errors = await MailAccountsFeature.SaveFetchedAsync(db, tenant, directory, account,
            () => ApplyAsync(account, request, db, tenant, protection, hosts, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Created($"system/{account.Id}", MailAccountNames.Item(account));
    }

    public static async Task<Results<Ok<SystemAccountItem>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, SystemAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts,
        MailFetchDirectory directory, CancellationToken cancellationToken)
    {
        if (await db.SystemAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
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
        if (await db.SystemAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        var password = MailAccountsFeature.StoredSecret(protection, tenant, account.ProtectedSecret);
        return TypedResults.Ok(await MailConnectionTester.TestSystemAsync(account, password, configuration, cancellationToken));
    }

    /// <summary>Validates the request and, only when all of it is valid, copies it onto the account.</summary>
    internal static Task<FieldErrors> ApplyAsync(
        SystemAccount account, SystemAccountRequest request, TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, PublicAddressPolicy hosts,
        CancellationToken cancellationToken) =>
        SystemAccountRules.ApplyAsync(account, request,
            name => db.SystemAccounts.AnyAsync(a => a.Name == name && a.Id != account.Id, cancellationToken),
            MailSecrets.ProtectorFor(protection, tenant.Required.Id), hosts, cancellationToken);
}
