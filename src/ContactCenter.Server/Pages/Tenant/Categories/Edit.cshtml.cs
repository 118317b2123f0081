using System.Globalization;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Organization.Categories;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Pages.Tenant.Categories;

/// <summary>
/// The category mask as a page: name, group, default flag, service level, KPI, answer template and escalation rule.
/// The assigned text blocks, classifications, attachments and supervisors are kept as they are (edited through the API).
/// Validation is the API's, with the same per-field messages beside the fields.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class EditModel(TenantDbContext db, TenantContext tenant, CategoryValidator validator, CatalogDbContext catalog, TenantDatabaseFactory databases) : PageModel
{
    public CategoryDetail Category { get; private set; } = null!;

    public Dictionary<string, string?> Values { get; } = [];

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public List<(Guid Id, string Name)> AgentGroups { get; private set; } = [];

    /// <summary>Escalation targets as "tenantId/categoryId" with a label "tenant – category".</summary>
    public List<(string Value, string Label)> Targets { get; private set; } = [];

    public bool Saved { get; private set; }

    public string? Value(string field) => Values.GetValueOrDefault(field);

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? messages[0] : null;

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Saved = saved;
        var c = Category;
        Values["name"] = c.Name;
        Values["description"] = c.Description;
        Values["agentGroupId"] = c.AgentGroupId.ToString();
        Values["isDefault"] = c.IsDefault ? "true" : null;
        Values["serviceLevelOverrideHours"] = Text(c.ServiceLevelOverrideHours);
        Values["kpi.goalHours"] = Text(c.Kpi.GoalHours);
        Values["kpi.warningThresholdPercent"] = Text(c.Kpi.WarningThresholdPercent);
        Values["kpi.notifyByWeb"] = c.Kpi.NotifyByWeb ? "true" : null;
        Values["kpi.notifyByEmail"] = c.Kpi.NotifyByEmail ? "true" : null;
        Values["template.letterhead"] = c.Template.Letterhead;
        Values["template.footer"] = c.Template.Footer;
        Values["template.body"] = c.Template.Body;
        Values["escalation.backlogThreshold"] = Text(c.Escalation?.BacklogThreshold);
        Values["escalation.deadlineHours"] = Text(c.Escalation?.DeadlineHours);
        Values["escalation.target"] = c.Escalation is { } e ? $"{e.TargetTenantId}/{e.TargetCategoryId}" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        foreach (var (key, value) in Request.Form)
        {
            Values[key] = value.ToString();
        }

        var input = Read();
        foreach (var (field, messages) in await validator.ValidateAsync(tenant.Required.Id, id, input, cancellationToken))
        {
            Errors.TryAdd(field, messages);
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var category = await db.Categories.SingleAsync(c => c.Id == id, cancellationToken);
        var profile = await db.CategoryProfiles.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is null)
        {
            profile = new CategoryProfile { Id = id };
            db.CategoryProfiles.Add(profile);
        }

        await CategoryEndpoints.ApplyAsync(db, category, profile, input, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { id, saved = true });
    }

    /// <summary>The form as API input; unreadable numbers become field errors here, the rest is the validator's.</summary>
    private CategoryInput Read()
    {
        int? Number(string field)
        {
            var text = Value(field);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            Errors[field] = ["Enter a whole number."];
            return null;
        }

        string? Text(string field) => string.IsNullOrEmpty(Value(field)) ? null : Value(field);
        bool Checked(string field) => Value(field) == "true";

        EscalationRule? escalation = null;
        var target = Value("escalation.target");
        var threshold = Number("escalation.backlogThreshold");
        var deadline = Number("escalation.deadlineHours");
        if (!string.IsNullOrEmpty(target) || threshold is not null || deadline is not null)
        {
            var parts = (target ?? "").Split('/');
            escalation = new EscalationRule(threshold, deadline,
                parts.Length == 2 && Guid.TryParse(parts[0], out var t) ? t : null,
                parts.Length == 2 && Guid.TryParse(parts[1], out var c) ? c : null);
        }

        var current = Category;
        return new CategoryInput(
            Text("name"),
            Text("description"),
            Guid.TryParse(Value("agentGroupId"), out var group) ? group : null,
            Checked("isDefault"),
            Number("serviceLevelOverrideHours"),
            new KpiSettings(Number("kpi.goalHours"), Number("kpi.warningThresholdPercent"), current.Kpi.SupervisorIds, Checked("kpi.notifyByWeb"), Checked("kpi.notifyByEmail")),
            new AnswerTemplate(Text("template.letterhead"), Text("template.footer"), Text("template.body")),
            current.TextBlockIds,
            current.PreparedAttachmentIds,
            current.ClassificationIds,
            escalation);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return false;
        }

        var profile = await db.CategoryProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? new CategoryProfile { Id = id };
        Category = CategoryEndpoints.Detail(category, profile);
        AgentGroups = (await db.AgentGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken))
            .Select(g => (g.Id, g.Name)).ToList();
        var self = tenant.Required.Id;
        var partners = await catalog.EscalationPartners.AsNoTracking()
            .Where(p => p.SourceTenantId == self && p.Tenant!.Status == TenantStatus.Active)
            .OrderBy(p => p.Tenant!.Name).Select(p => new { p.TenantId, p.Tenant!.Name }).ToListAsync(cancellationToken);
        foreach (var partner in partners)
        {
            await using var partnerDb = await databases.OpenAsync(partner.TenantId, cancellationToken);
            foreach (var remote in await partnerDb.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            {
                Targets.Add(($"{partner.TenantId}/{remote.Id}", $"{partner.Name} – {remote.Name}"));
            }
        }

        return true;
    }

    private static string? Text(int? number) => number?.ToString(CultureInfo.InvariantCulture);
}
