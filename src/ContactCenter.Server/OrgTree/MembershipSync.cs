using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity.Provider;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.OrgTree;

/// <summary>
/// Keeps the catalog's agent and supervisor memberships in step with a person's group assignments in the
/// tenant database (the administrator role is granted separately and left alone).
/// </summary>
public sealed class MembershipSync(CatalogDbContext catalog, TenantDbContext db, GrantStore grants)
{
    public async Task<IReadOnlyList<TenantRole>> SyncAsync(Guid tenantId, Guid personId, CancellationToken cancellationToken)
    {
        var assignments = await db.GroupAssignments.AsNoTracking().Where(a => a.PersonId == personId).ToListAsync(cancellationToken);
        var wanted = new HashSet<TenantRole>();
        if (assignments.Any(a => a.AgentGroupId is not null))
        {
            wanted.Add(TenantRole.Agent);
        }

        if (assignments.Any(a => a.SupervisorGroupId is not null))
        {
            wanted.Add(TenantRole.Supervisor);
        }

        var current = await catalog.TenantMemberships
            .Where(m => m.TenantId == tenantId && m.UserId == personId && (m.Role == TenantRole.Agent || m.Role == TenantRole.Supervisor))
            .ToListAsync(cancellationToken);
        var removed = current.Where(m => !wanted.Contains(m.Role)).ToList();
        catalog.TenantMemberships.RemoveRange(removed);
        foreach (var role in wanted.Where(r => current.All(m => m.Role != r)))
        {
            catalog.TenantMemberships.Add(new TenantMembership { TenantId = tenantId, UserId = personId, Role = role });
        }

        await catalog.SaveChangesAsync(cancellationToken);
        if (removed.Count > 0)
        {
            // A removed role must not live on in refresh tokens: the person signs in again and gets what they have now.
            var slug = await catalog.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).SingleAsync(cancellationToken);
            await grants.RevokeEveryChainOfAsync(personId, cancellationToken, slug);
        }

        return await catalog.TenantMemberships.Where(m => m.TenantId == tenantId && m.UserId == personId)
            .Select(m => m.Role).ToListAsync(cancellationToken);
    }
}
