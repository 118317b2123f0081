using ContactCenter.Data.Catalog;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Platform;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// <c>/api/platform/system-accounts</c>: the platform operator's global system accounts (list, read, create, replace,
/// delete, test the server, fetch status), kept in the catalog and validated by the same rules as a tenant's own; their
/// passwords have a Data Protection purpose of their own. Only operators; everyone else 403.
/// </summary>
internal static class GlobalSystemAccountHandlers
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var global = app.MapGroup("/api/platform/system-accounts").RequireAuthorization(PlatformFeature.OperatorPolicy).WithTags("Platform");
        global.MapGet("", ListAsync);
        global.MapGet("/{id:guid}", async Task<Results<Ok<SystemAccountItem>, NotFound>> (Guid id, CatalogDbContext catalog, CancellationToken ct) =>
            await catalog.GlobalSystemAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } account
                ? TypedResults.Ok(MailAccountNames.Item(account)) : TypedResults.NotFound());
        global.MapPost("", CreateAsync);
        global.MapPut("/{id:guid}", UpdateAsync);
        global.MapDelete("/{id:guid}", DeleteAsync);
        global.MapPost("/{id:guid}/test", TestAsync);
        global.MapGet("/{id:guid}/status", async (Guid id, CatalogDbContext catalog, MailFetchStatuses statuses, CancellationToken ct) =>
            await MailAccountsFeature.StatusAsync(await catalog.GlobalSystemAccounts.AnyAsync(a => a.Id == id, ct), null, id, statuses, ct));
    }

    public static async Task<Ok<List<SystemAccountItem>>> ListAsync(CatalogDbContext catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.GlobalSystemAccounts.AsNoTracking().OrderBy(a => a.Type).ThenBy(a => a.Name).ToListAsync(cancellationToken))
            .Select(MailAccountNames.Item).ToList());

    public static async Task<Results<Created<SystemAccountItem>, ValidationProblem>> CreateAsync(
        SystemAccountRequest request, CatalogDbContext catalog, IDataProtectionProvider protection, PublicAddressPolicy hosts, MailFetchDirectory directory,
        CancellationToken cancellationToken)
    {
        var account = new GlobalSystemAccount { Name = "", EmailAddress = "" };
        var errors = await ValidatedSave.AddAsync(catalog, account, () => ApplyAsync(account, request, catalog, protection, hosts, cancellationToken), cancellationToken);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        await directory.SyncGlobalAsync(cancellationToken);
        return TypedResults.Created($"/api/platform/system-accounts/{account.Id}", MailAccountNames.Item(account));
    }

    public static async Task<Results<Ok<SystemAccountItem>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, SystemAccountRequest request, CatalogDbContext catalog, IDataProtectionProvider protection, PublicAddressPolicy hosts, MailFetchDirectory directory,
        CancellationToken cancellationToken)
    {
        if (await catalog.GlobalSystemAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        var errors = await ValidatedSave.SaveAsync(catalog, () => ApplyAsync(account, request, catalog, protection, hosts, cancellationToken), cancellationToken);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        await directory.SyncGlobalAsync(cancellationToken);
        return TypedResults.Ok(MailAccountNames.Item(account));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, CatalogDbContext catalog, MailFetchDirectory directory, CancellationToken cancellationToken) =>
        await DeleteAccountAsync(id, catalog, directory, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<ConnectionTestResult>, NotFound>> TestAsync(
        Guid id, CatalogDbContext catalog, IDataProtectionProvider protection, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await catalog.GlobalSystemAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        var password = MailAccountsFeature.StoredSecret(MailSecrets.GlobalProtector(protection), account.ProtectedSecret);
        return TypedResults.Ok(await MailConnectionTester.TestSystemAsync(account, password, configuration, cancellationToken));
    }

    /// <summary>Deletes the account and takes it out of the fetch directory; false when there is no such account.</summary>
    internal static async Task<bool> DeleteAccountAsync(Guid id, CatalogDbContext catalog, MailFetchDirectory directory, CancellationToken cancellationToken)
    {
        if (await catalog.GlobalSystemAccounts.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        await directory.SyncGlobalAsync(cancellationToken);
        return true;
    }

    /// <summary>The tenant's rules; a global account's name is unique among the global accounts.</summary>
    internal static Task<FieldErrors> ApplyAsync(
        GlobalSystemAccount account, SystemAccountRequest request, CatalogDbContext catalog, IDataProtectionProvider protection, PublicAddressPolicy hosts,
        CancellationToken cancellationToken) =>
        SystemAccountRules.ApplyAsync(account, request,
            name => catalog.GlobalSystemAccounts.AnyAsync(a => a.Name == name && a.Id != account.Id, cancellationToken),
            MailSecrets.GlobalProtector(protection), hosts, cancellationToken);
}
