using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.OrgTree;

/// <summary>
/// Keeps the catalog's agent and supervisor memberships in step with a person's group assignments in the
/// tenant database (the administrator role is granted separately and left alone).
/// </summary>
public sealed class MembershipSync(CatalogDbContext catalog, TenantDbContext db)
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
        catalog.TenantMemberships.RemoveRange(current.Where(m => !wanted.Contains(m.Role)));
        foreach (var role in wanted.Where(r => current.All(m => m.Role != r)))
        {
            catalog.TenantMemberships.Add(new TenantMembership { TenantId = tenantId, UserId = personId, Role = role });
        }

        await catalog.SaveChangesAsync(cancellationToken);
        return await catalog.TenantMemberships.Where(m => m.TenantId == tenantId && m.UserId == personId)
            .Select(m => m.Role).ToListAsync(cancellationToken);
    }
}
