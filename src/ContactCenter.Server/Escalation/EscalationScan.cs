using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Escalation;

/// <summary>A category's escalation rule, complete (every part set).</summary>
public sealed record EscalationRuleOf(Guid CategoryId, int Threshold, int AgeHours, Guid TargetTenantId, Guid TargetCategoryId);

/// <summary>
/// What the escalation decides before it moves anything: the rules of a tenant, and per rule the requests due to go.
/// The backlog is the category's <see cref="RequestStatus.Open"/> requests: waiting ones wait for the customer, not for
/// an agent, and closed ones are done, so neither counts nor moves. Both queries read the index on (CategoryId, Status,
/// CreatedAt) alone.
/// </summary>
public static class EscalationScan
{
    /// <summary>The tenant's complete escalation rules.</summary>
    public static async Task<IReadOnlyList<EscalationRuleOf>> RulesAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var profiles = await db.CategoryProfiles.AsNoTracking()
            .Where(p => p.EscalationBacklogThreshold != null && p.EscalationDeadlineHours != null && p.EscalationTargetTenantId != null
                        && p.EscalationTargetCategoryId != null)
            .Select(p => new { p.Id, p.EscalationBacklogThreshold, p.EscalationDeadlineHours, p.EscalationTargetTenantId, p.EscalationTargetCategoryId })
            .ToListAsync(cancellationToken);
        return profiles.Select(p => new EscalationRuleOf(
            p.Id, p.EscalationBacklogThreshold!.Value, p.EscalationDeadlineHours!.Value, p.EscalationTargetTenantId!.Value, p.EscalationTargetCategoryId!.Value)).ToList();
    }

    /// <summary>
    /// The requests of the rule's category to move now, oldest first, at most <paramref name="batchSize"/>: none while
    /// fewer than the threshold are open; else the open ones created at least the rule's hours before
    /// <paramref name="now"/> (0 hours: all of them). The count stops at the threshold, so a backlog of millions costs
    /// no more to judge than one of the threshold.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> DueAsync(TenantDbContext db, EscalationRuleOf rule, DateTime now, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rule);
        var open = db.Requests.AsNoTracking().Where(r => r.CategoryId == rule.CategoryId && r.Status == RequestStatus.Open);
        if (await open.Select(r => r.CreatedAt).Take(rule.Threshold).CountAsync(cancellationToken) < rule.Threshold)
        {
            return [];
        }

        var createdBefore = now.AddHours(-rule.AgeHours);
        return await open.Where(r => r.CreatedAt <= createdBefore).OrderBy(r => r.CreatedAt).Take(batchSize).Select(r => r.Id).ToListAsync(cancellationToken);
    }
}
