using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailAccounts;

/// <summary>A system account in effect for the resolved tenant; <see cref="Global"/> when it is the platform operator's.</summary>
public sealed record EffectiveSystemAccount(ISystemAccount Account, bool Global);

/// <summary>
/// Which system accounts the resolved tenant's mail goes through: per type (reply account, 2nd-level reply) the
/// tenant's own accounts when it has any of that type, otherwise the platform operator's global ones of that type.
/// Mail processing asks here rather than reading either list itself.
/// </summary>
public sealed class EffectiveSystemAccounts(TenantDbContext db, CatalogDbContext catalog)
{
    /// <summary>The accounts in effect for every type, ordered by type, then name.</summary>
    public async Task<IReadOnlyList<EffectiveSystemAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var effective = new List<EffectiveSystemAccount>();
        foreach (var type in Enum.GetValues<SystemAccountType>())
        {
            effective.AddRange(await ForTypeAsync(type, cancellationToken));
        }

        return effective;
    }

    /// <summary>The accounts in effect for one type: the tenant's own of that type, or else the global ones (possibly none).</summary>
    public async Task<IReadOnlyList<EffectiveSystemAccount>> ForTypeAsync(SystemAccountType type, CancellationToken cancellationToken)
    {
        var own = await db.SystemAccounts.AsNoTracking().Where(a => a.Type == type).OrderBy(a => a.Name).ToListAsync(cancellationToken);
        if (own.Count > 0)
        {
            return own.Select(a => new EffectiveSystemAccount(a, Global: false)).ToList();
        }

        var global = await catalog.GlobalSystemAccounts.AsNoTracking().Where(a => a.Type == type).OrderBy(a => a.Name).ToListAsync(cancellationToken);
        return global.Select(a => new EffectiveSystemAccount(a, Global: true)).ToList();
    }
}
