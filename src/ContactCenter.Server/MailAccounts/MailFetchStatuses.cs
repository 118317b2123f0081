using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// How fetching the accounts went, read from the catalog's fetch directory (<see cref="MailFetchAccount"/>). Always
/// by tenant (null: the global system accounts), so one tenant never reads another's rows; callers ask only for
/// accounts they found in that tenant's database or among the global accounts.
/// </summary>
public sealed class MailFetchStatuses(CatalogDbContext catalog)
{
    /// <summary>The status of one account of <paramref name="tenantId"/>; not fetched yet when the directory has no row.</summary>
    public async Task<MailFetchStatus> OfAsync(Guid? tenantId, Guid accountId, CancellationToken cancellationToken) =>
        await catalog.MailFetchAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.TenantId == tenantId && a.AccountId == accountId, cancellationToken) is { } row
            ? Status(row)
            : MailFetchStatus.NotYet;

    /// <summary>The statuses of every account of <paramref name="tenantId"/> the directory knows, by account id.</summary>
    public async Task<IReadOnlyDictionary<Guid, MailFetchStatus>> OfTenantAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        (await catalog.MailFetchAccounts.AsNoTracking().Where(a => a.TenantId == tenantId).ToListAsync(cancellationToken))
            .ToDictionary(a => a.AccountId, Status);

    // SQLite hands back times without a kind; the directory writes UTC.
    private static MailFetchStatus Status(MailFetchAccount row) => new(
        row.LastFetchAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null, row.LastError, row.MessagesTaken);
}
