using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailFetching;

/// <summary>
/// Keeps the catalog's list of fetchable accounts (<see cref="MailFetchAccount"/>) in step with the accounts in the
/// tenant databases and the global system accounts, so that the fetch cycle finds every account without opening every
/// tenant database. Called whenever accounts are saved, and for every tenant now and then (a save whose second write
/// failed is mended then).
/// </summary>
public sealed class MailFetchDirectory(CatalogDbContext catalog)
{
    /// <summary>Writes the rows of one tenant's inbound and system accounts: added, changed, gone.</summary>
    public async Task SyncTenantAsync(Guid tenantId, TenantDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var inbound = await db.InboundAccounts.AsNoTracking().Select(a => new { a.Id, a.Enabled }).ToListAsync(cancellationToken);
        var system = await db.SystemAccounts.AsNoTracking().Select(a => new { a.Id, a.Host }).ToListAsync(cancellationToken);
        var wanted = inbound.Select(a => (a.Id, MailFetchAccountKind.Inbound, a.Enabled))
            .Concat(system.Select(a => (a.Id, MailFetchAccountKind.System, a.Host is { Length: > 0 })))
            .ToList();
        var rows = await catalog.MailFetchAccounts.Where(a => a.TenantId == tenantId).ToListAsync(cancellationToken);
        Apply(rows, wanted, tenantId);
        await catalog.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes the rows of the global system accounts.</summary>
    public async Task SyncGlobalAsync(CancellationToken cancellationToken)
    {
        var accounts = await catalog.GlobalSystemAccounts.AsNoTracking().Select(a => new { a.Id, a.Host }).ToListAsync(cancellationToken);
        var rows = await catalog.MailFetchAccounts.Where(a => a.TenantId == null).ToListAsync(cancellationToken);
        Apply(rows, [.. accounts.Select(a => (a.Id, MailFetchAccountKind.GlobalSystem, a.Host is { Length: > 0 }))], null);
        await catalog.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Removes a deleted tenant's rows.</summary>
    public Task RemoveTenantAsync(Guid tenantId, CancellationToken cancellationToken) =>
        catalog.MailFetchAccounts.Where(a => a.TenantId == tenantId).ExecuteDeleteAsync(cancellationToken);

    private void Apply(List<MailFetchAccount> rows, List<(Guid Id, MailFetchAccountKind Kind, bool Enabled)> wanted, Guid? tenantId)
    {
        var byId = rows.ToDictionary(r => r.AccountId);
        foreach (var (id, kind, enabled) in wanted)
        {
            if (byId.Remove(id, out var row))
            {
                row.Kind = kind;
                row.Enabled = enabled;
            }
            else
            {
                catalog.MailFetchAccounts.Add(new MailFetchAccount { AccountId = id, TenantId = tenantId, Kind = kind, Enabled = enabled });
            }
        }

        catalog.MailFetchAccounts.RemoveRange(byId.Values);
    }
}
