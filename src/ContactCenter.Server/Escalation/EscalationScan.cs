using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Escalation;

/// <summary>A category's escalation rule, complete (every part set).</summary>
public sealed record EscalationRuleOf(Guid CategoryId, int Threshold, int AgeHours, Guid TargetTenantId, Guid TargetCategoryId);

/// <summary>
/// What the escalation decides before it moves anything: the rules of a tenant, and per rule the requests due to go.
/// The backlog is the category's <see cref="RequestStatus.Open"/> requests: waiting ones wait for the customer, not for
/// an agent, and closed ones are done, so neither counts nor moves. Both queries read the index on (CategoryId, Status,
/// CreatedAt, Id) alone.
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
        if (await Backlog(db, rule).CountAsync(cancellationToken) < rule.Threshold)
        {
            return [];
        }

        return await Candidates(db, rule, now, batchSize).ToListAsync(cancellationToken);
    }

    /// <summary>The category's open requests up to the threshold: counted, they say whether it is reached.</summary>
    public static IQueryable<DateTime> Backlog(TenantDbContext db, EscalationRuleOf rule)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rule);
        return Open(db, rule).Select(r => r.CreatedAt).Take(rule.Threshold);
    }

    /// <summary>The ids of the oldest open requests old enough to go, at most <paramref name="batchSize"/>.</summary>
    public static IQueryable<Guid> Candidates(TenantDbContext db, EscalationRuleOf rule, DateTime now, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rule);
        var createdBefore = now.AddHours(-rule.AgeHours);
        return Open(db, rule).Where(r => r.CreatedAt <= createdBefore).OrderBy(r => r.CreatedAt).Take(batchSize).Select(r => r.Id);
    }

    private static IQueryable<Request> Open(TenantDbContext db, EscalationRuleOf rule) =>
        db.Requests.AsNoTracking().Where(r => r.CategoryId == rule.CategoryId && r.Status == RequestStatus.Open);
}
