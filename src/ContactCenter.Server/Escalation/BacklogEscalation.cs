using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Escalation;

/// <summary>
/// One tenant's backlog escalation: for each complete rule whose target still accepts escalations from this tenant and
/// still has the target category, the requests <see cref="EscalationScan.DueAsync"/> picks are moved there, one after the
/// other (<see cref="RequestMove"/>). Runs of one tenant in this process take turns; runs on other instances are kept
/// apart by Hangfire and, should they meet, by the move's idempotency key.
/// </summary>
public sealed partial class BacklogEscalation(
    CatalogDbContext catalog, TenantDatabaseFactory databases, RequestMove move, EscalationSettings settings, TimeProvider clock,
    ILogger<BacklogEscalation> logger)
{
    /// <summary>Escalates what is due in tenant <paramref name="sourceTenantId"/>; the number of requests moved.</summary>
    /// <exception cref="Microsoft.EntityFrameworkCore.DbUpdateException">A database refused a write; what was moved before stays moved.</exception>
    public async Task<int> RunAsync(Guid sourceTenantId, CancellationToken cancellationToken)
    {
        using var turn = await move.TurnAsync(sourceTenantId, cancellationToken);
        if (await databases.OpenForAsync(sourceTenantId, cancellationToken) is not { } opened)
        {
            return 0;
        }

        var (sourceTenant, source) = opened;
        await using var sourceScope = source;
        source.Actor = RequestMove.Actor;
        var rules = await EscalationScan.RulesAsync(source, cancellationToken);
        if (rules.Count == 0)
        {
            return 0;
        }

        var accepting = (await catalog.EscalationPartners.AsNoTracking()
                .Where(p => p.SourceTenantId == sourceTenantId && p.Tenant!.Status == TenantStatus.Active).Select(p => p.TenantId).ToListAsync(cancellationToken))
            .ToHashSet();
        var moved = 0;
        foreach (var rule in rules)
        {
            if (!accepting.Contains(rule.TargetTenantId))
            {
                continue;
            }

            var due = await EscalationScan.DueAsync(source, rule, clock.GetUtcNow().UtcDateTime, settings.BatchSize, cancellationToken);
            if (due.Count == 0 || await databases.OpenForAsync(rule.TargetTenantId, cancellationToken) is not { } partner)
            {
                continue;
            }

            var (targetTenant, target) = partner;
            await using (target)
            {
                if (!await target.Categories.AnyAsync(c => c.Id == rule.TargetCategoryId, cancellationToken))
                {
                    LogTargetCategoryGone(sourceTenant.Slug, rule.CategoryId, targetTenant.Slug);
                    continue;
                }

                foreach (var requestId in due)
                {
                    if (await move.MoveAsync(new MoveSides(sourceTenant, source, targetTenant, target, rule.TargetCategoryId), requestId, cancellationToken))
                    {
                        moved++;
                    }
                }
            }
        }

        if (moved > 0)
        {
            LogMoved(sourceTenant.Slug, moved);
        }

        return moved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Slug}: the escalation target of category {CategoryId} is gone from tenant {Target}; nothing moves")]
    private partial void LogTargetCategoryGone(string slug, Guid categoryId, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Slug}: {Count} requests escalated")]
    private partial void LogMoved(string slug, int count);
}
