using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.OrgTree;

/// <summary>A pending invitation as the org tree shows it.</summary>
public sealed record PendingInvitationItem(Guid Id, string Email, IReadOnlyList<Guid> AgentGroupIds, IReadOnlyList<Guid> SupervisorGroupIds, DateTime ExpiresAt);

/// <summary>
/// Invitations of accounts that exist already: nobody but the owner of the mailbox puts an account into a tenant. The
/// invitation waits in the tenant's database with a hash of the mailed token, and its groups are assigned only when
/// the owner, signed in to that very account, accepts it (<c>/account/invitation</c>).
/// </summary>
public static class PendingInvitations
{
    /// <summary>How long an invitation can be accepted: <c>Identity:InvitationLifetime</c>, seven days unless set.</summary>
    public const string LifetimeKey = "Identity:InvitationLifetime";

    /// <summary>Stores an invitation of <paramref name="personId"/> (replacing an earlier one of theirs) and returns it with the token for its link.</summary>
    public static async Task<(PendingInvitation Invitation, string Token)> CreateAsync(
        TenantDbContext db, Guid personId, string email, IReadOnlyList<Guid> agentGroupIds, IReadOnlyList<Guid> supervisorGroupIds,
        DateTime now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.PendingInvitations.RemoveRange(await db.PendingInvitations.Where(i => i.PersonId == personId).ToListAsync(cancellationToken));
        var invitation = new PendingInvitation
        {
            PersonId = personId,
            Email = email,
            TokenHash = Hash(token),
            AgentGroupIds = PendingInvitation.JoinIds(agentGroupIds.Distinct()),
            SupervisorGroupIds = PendingInvitation.JoinIds(supervisorGroupIds.Distinct()),
            InvitedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.PendingInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return (invitation, token);
    }

    /// <summary>The invitation the link names, when its token is right and it has not expired; null otherwise.</summary>
    public static async Task<PendingInvitation?> FindAsync(TenantDbContext db, Guid id, string? token, DateTime now, CancellationToken cancellationToken)
    {
        var invitation = await db.PendingInvitations.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (invitation is null || token is null || invitation.ExpiresAt <= now)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(invitation.TokenHash)) ? invitation : null;
    }

    /// <summary>Assigns the invitation's groups (those that still exist) to its person, next to any they have, and removes it.</summary>
    public static async Task<IReadOnlyList<TenantRole>> AcceptAsync(
        TenantDbContext db, MembershipSync sync, Guid tenantId, PendingInvitation invitation, CancellationToken cancellationToken)
    {
        var agents = PendingInvitation.SplitIds(invitation.AgentGroupIds);
        var supervisors = PendingInvitation.SplitIds(invitation.SupervisorGroupIds);
        var existing = await db.GroupAssignments.Where(a => a.PersonId == invitation.PersonId).ToListAsync(cancellationToken);
        foreach (var group in await db.AgentGroups.Where(g => agents.Contains(g.Id)).Select(g => g.Id).ToListAsync(cancellationToken))
        {
            if (existing.All(a => a.AgentGroupId != group))
            {
                db.GroupAssignments.Add(new GroupAssignment { PersonId = invitation.PersonId, AgentGroupId = group });
            }
        }

        foreach (var group in await db.SupervisorGroups.Where(g => supervisors.Contains(g.Id)).Select(g => g.Id).ToListAsync(cancellationToken))
        {
            if (existing.All(a => a.SupervisorGroupId != group))
            {
                db.GroupAssignments.Add(new GroupAssignment { PersonId = invitation.PersonId, SupervisorGroupId = group });
            }
        }

        db.PendingInvitations.Remove(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return await sync.SyncAsync(tenantId, invitation.PersonId, cancellationToken);
    }

    /// <summary>The invitations not yet accepted nor expired, by address.</summary>
    public static async Task<List<PendingInvitationItem>> ListAsync(TenantDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var pending = await db.PendingInvitations.AsNoTracking().Where(i => i.ExpiresAt > now).ToListAsync(cancellationToken);
        return pending.OrderBy(i => i.Email, StringComparer.OrdinalIgnoreCase)
            .Select(i => new PendingInvitationItem(i.Id, i.Email, PendingInvitation.SplitIds(i.AgentGroupIds), PendingInvitation.SplitIds(i.SupervisorGroupIds), i.ExpiresAt))
            .ToList();
    }

    /// <summary>Whether the person works for the tenant already (a membership in the catalog or a group in the tenant).</summary>
    public static async Task<bool> IsMemberAsync(TenantDbContext db, CatalogDbContext catalog, Guid tenantId, Guid personId, CancellationToken cancellationToken) =>
        await catalog.TenantMemberships.AnyAsync(m => m.TenantId == tenantId && m.UserId == personId, cancellationToken)
        || await db.GroupAssignments.AnyAsync(a => a.PersonId == personId, cancellationToken);

    public static TimeSpan Lifetime(IConfiguration configuration) => configuration.GetValue(LifetimeKey, TimeSpan.FromDays(7));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
