using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Categories;

/// <summary>Checks a category mask field by field; every message names what to do instead.</summary>
public sealed class CategoryValidator(TenantDbContext db, CatalogDbContext catalog, TenantDatabaseFactory databases)
{
    /// <summary>The longest service-level, goal or deadline setting: a year.</summary>
    public const int MaxHours = 8760;

    /// <summary>Text blocks, prepared attachments or classifications a category may offer (each list).</summary>
    public const int MaxLinked = 100;

    private static readonly IStringLocalizer T = Localization.Texts<CategoriesTexts>();

    /// <summary>Per-field errors of <paramref name="input"/> for the category <paramref name="id"/> (null when new) of tenant <paramref name="tenantId"/>.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(Guid tenantId, Guid? id, CategoryInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > Category.NameMaxLength)
        {
            Add("name", T["NameLength", Category.NameMaxLength]);
        }
        else if (await db.Categories.AnyAsync(c => c.Name == name && c.Id != id, cancellationToken))
        {
            Add("name", T["CategoryNameTaken", name]);
        }

        if (input.Description is { Length: > 2000 })
        {
            Add("description", T["DescriptionTooLong", 2000]);
        }

        if (input.AgentGroupId is not { } group || !await db.AgentGroups.AnyAsync(g => g.Id == group, cancellationToken))
        {
            Add("agentGroupId", T["AgentGroupUnknown"]);
        }

        if (id is { } existing && !input.IsDefault && await db.Categories.AnyAsync(c => c.Id == existing && c.IsDefault, cancellationToken))
        {
            Add("isDefault", T["DefaultCategoryNeeded"]);
        }

        CheckHours(errors, "serviceLevelOverrideHours", input.ServiceLevelOverrideHours);
        CheckHours(errors, "forwardReminderHours", input.ForwardReminderHours);
        await CheckKpiAsync(errors, tenantId, input.Kpi, cancellationToken);
        await CheckLinkedAsync(errors, "textBlockIds", input.TextBlockIds, db.TextBlocks.Select(b => b.Id), "TextBlockUnknown", cancellationToken);
        await CheckLinkedAsync(errors, "preparedAttachmentIds", input.PreparedAttachmentIds, db.PreparedAttachments.Select(a => a.Id), "PreparedAttachmentUnknown", cancellationToken);
        await CheckLinkedAsync(errors, "classificationIds", input.ClassificationIds, db.Classifications.Select(c => c.Id), "ClassificationUnknown", cancellationToken);

        if (input.Escalation is { } escalation)
        {
            await CheckEscalationAsync(errors, tenantId, escalation, cancellationToken);
        }

        return errors;
    }

    /// <summary>
    /// Every id of a linked list must exist in this tenant; each unknown one is an error of its own, named by its
    /// index (e.g. <c>preparedAttachmentIds[1]</c>), so a form can mark the very entry.
    /// </summary>
    private static async Task CheckLinkedAsync(
        Dictionary<string, string[]> errors, string field, IReadOnlyList<Guid>? ids, IQueryable<Guid> known, string unknownText, CancellationToken cancellationToken)
    {
        if (ids is null or { Count: 0 })
        {
            return;
        }

        if (ids.Count > MaxLinked)
        {
            errors[field] = [T["LinkedTooMany", MaxLinked]];
            return;
        }

        var distinct = ids.Distinct().ToList();
        var existing = (await known.Where(id => distinct.Contains(id)).ToListAsync(cancellationToken)).ToHashSet();
        for (var index = 0; index < ids.Count; index++)
        {
            if (!existing.Contains(ids[index]))
            {
                errors[$"{field}[{index}]"] = [T[unknownText, ids[index]]];
            }
        }
    }

    private static void CheckHours(Dictionary<string, string[]> errors, string field, int? hours)
    {
        if (hours is < 1 or > MaxHours)
        {
            errors[field] = [T["HoursRange", MaxHours]];
        }
    }

    private async Task CheckKpiAsync(Dictionary<string, string[]> errors, Guid tenantId, KpiSettings? kpi, CancellationToken cancellationToken)
    {
        if (kpi is null)
        {
            return;
        }

        CheckHours(errors, "kpi.goalHours", kpi.GoalHours);
        if (kpi.WarningThresholdPercent is < 1 or > 100)
        {
            errors["kpi.warningThresholdPercent"] = [T["WarningThresholdRange"]];
        }

        var supervisors = (kpi.SupervisorIds ?? []).Distinct().ToList();
        if (supervisors.Count > 100)
        {
            errors["kpi.supervisorIds"] = [T["SupervisorsTooMany", 100]];
        }
        else if (supervisors.Count > 0)
        {
            var known = await catalog.TenantMemberships
                .Where(m => m.TenantId == tenantId && supervisors.Contains(m.UserId)
                            && (m.Role == TenantRole.Supervisor || m.Role == TenantRole.TenantAdministrator))
                .Select(m => m.UserId).Distinct().CountAsync(cancellationToken);
            if (known != supervisors.Count)
            {
                errors["kpi.supervisorIds"] = [T["SupervisorsUnknown"]];
            }
            else if (!kpi.NotifyByWeb && !kpi.NotifyByEmail)
            {
                errors["kpi.notifyByWeb"] = [T["NotifyHow"]];
            }
        }
    }

    private async Task CheckEscalationAsync(Dictionary<string, string[]> errors, Guid tenantId, EscalationRule rule, CancellationToken cancellationToken)
    {
        if (rule.BacklogThreshold is not (>= 1 and <= 1_000_000))
        {
            errors["escalation.backlogThreshold"] = [T["BacklogThresholdRange"]];
        }

        // 0: as soon as the backlog reaches the threshold, whatever the requests' age.
        if (rule.DeadlineHours is not (>= 0 and <= MaxHours))
        {
            errors["escalation.deadlineHours"] = [T["DeadlineRange", MaxHours]];
        }

        if (rule.TargetTenantId is not { } target
            || !await catalog.EscalationPartners.AnyAsync(
                p => p.TenantId == target && p.SourceTenantId == tenantId && p.Tenant!.Status == TenantStatus.Active, cancellationToken))
        {
            errors["escalation.targetTenantId"] = [T["EscalationTargetTenantUnknown"]];
            return;
        }

        var targetCategory = rule.TargetCategoryId;
        await using var targetDb = await databases.OpenAsync(target, cancellationToken);
        if (targetCategory is null || !await targetDb.Categories.AnyAsync(c => c.Id == targetCategory, cancellationToken))
        {
            errors["escalation.targetCategoryId"] = [T["EscalationTargetCategoryUnknown"]];
        }
    }
}
