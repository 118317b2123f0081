namespace ContactCenter.Server.Categories;

public sealed record CategoryItem(Guid Id, string Name, string? Description, bool IsDefault, Guid AgentGroupId);

public sealed record NewCategory(string? Name, string? Description, Guid? AgentGroupId);

public sealed record KpiSettings(int? GoalHours, int? WarningThresholdPercent, IReadOnlyList<Guid>? SupervisorIds, bool NotifyByWeb, bool NotifyByEmail);

/// <summary>An answer template as sent: a PUT replaces every field; <c>isDefault</c> makes it the category's default.</summary>
public sealed record AnswerTemplateInput(string? Name, string? Letterhead, string? Body, string? Footer, bool IsDefault);

public sealed record AnswerTemplateItem(Guid Id, string Name, string? Letterhead, string? Body, string? Footer, bool IsDefault);

public sealed record EscalationRule(int? BacklogThreshold, int? DeadlineHours, Guid? TargetTenantId, Guid? TargetCategoryId);

/// <summary>
/// The whole category mask; a PUT replaces every field (missing lists mean none). Answer templates are edited under
/// <c>/api/categories/{id}/templates</c> and only listed in <see cref="CategoryDetail"/>. <c>forwardReminderHours</c>:
/// how long an external contact has to answer a forwarded request of the category (null: the tenant's setting).
/// </summary>
public sealed record CategoryInput(
    string? Name,
    string? Description,
    Guid? AgentGroupId,
    bool IsDefault,
    int? ServiceLevelOverrideHours,
    KpiSettings? Kpi,
    IReadOnlyList<Guid>? TextBlockIds,
    IReadOnlyList<Guid>? PreparedAttachmentIds,
    IReadOnlyList<Guid>? ClassificationIds,
    EscalationRule? Escalation,
    int? ForwardReminderHours = null);

public sealed record CategoryDetail(
    Guid Id,
    string Name,
    string? Description,
    Guid AgentGroupId,
    bool IsDefault,
    int? ServiceLevelOverrideHours,
    KpiSettings Kpi,
    IReadOnlyList<AnswerTemplateItem> Templates,
    IReadOnlyList<Guid> TextBlockIds,
    IReadOnlyList<Guid> PreparedAttachmentIds,
    IReadOnlyList<Guid> ClassificationIds,
    EscalationRule? Escalation,
    int? ForwardReminderHours = null);
