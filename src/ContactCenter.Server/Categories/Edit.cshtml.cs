using System.Globalization;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Categories;

/// <summary>
/// The category mask as a page: name, group, default flag, service level, KPI, the offered text blocks, prepared
/// attachments and classifications, and the escalation rule in one form; each answer template in a form of its own
/// (add, edit, choose the default, delete). The KPI supervisors to notify are checkboxes of the tenant's supervisors
/// (and administrators, whom the validator accepts as supervisors).
/// Validation is the API's, with the same per-field messages beside the fields.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
[MultiLineText("letterhead", "body", "footer")]
public sealed class EditModel(TenantDbContext db, TenantContext tenant, CategoryValidator validator, CatalogDbContext catalog, TenantDatabaseFactory databases, IStringLocalizer<CategoriesTexts> texts) : PageModel
{
    public CategoryDetail Category { get; private set; } = null!;

    public Dictionary<string, string?> Values { get; } = [];

    public FormErrors Errors { get; } = new();

    public List<(Guid Id, string Name)> AgentGroups { get; private set; } = [];

    /// <summary>Escalation targets as "tenantId/categoryId" with a label "tenant – category".</summary>
    public List<(string Value, string Label)> Targets { get; private set; } = [];

    /// <summary>What the last post did ("Saved.", "Template saved.", "Template deleted."), shown as status.</summary>
    public string? Status { get; private set; }

    public List<(Guid Id, string Name)> TextBlocks { get; private set; } = [];

    public List<(Guid Id, string Name)> PreparedAttachments { get; private set; } = [];

    public List<(Guid Id, string Name)> Classifications { get; private set; } = [];

    /// <summary>The people who may be notified: the tenant's supervisors and administrators, plus chosen people who no longer are.</summary>
    public List<(Guid Id, string Name)> Supervisors { get; private set; } = [];

    /// <summary>The chosen ids per list field (<c>textBlockIds</c>, <c>preparedAttachmentIds</c>, <c>classificationIds</c>, <c>kpi.supervisorIds</c>).</summary>
    public Dictionary<string, HashSet<Guid>> Chosen { get; } = [];

    /// <summary>The template form that was posted with errors: the template's id, or <c>new</c>.</summary>
    public string? TemplateFormWithErrors { get; private set; }

    public Dictionary<string, string?> TemplateValues { get; } = [];

    /// <summary>The errors of the template form that was posted (<see cref="TemplateFormWithErrors"/>).</summary>
    public FormErrors TemplateErrors { get; } = new();

    public bool IsChosen(string field, Guid id) => Chosen.TryGetValue(field, out var ids) && ids.Contains(id);

    /// <summary>A field of the template form <paramref name="form"/> (an id or <c>new</c>): the posted value after an error, else the template's.</summary>
    public string? TemplateValue(string form, string field, string? stored) =>
        TemplateFormWithErrors == form ? TemplateValues.GetValueOrDefault(field) : stored;

    public string? Value(string field) => Values.GetValueOrDefault(field);

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, string? template, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Status = template switch
        {
            "saved" => texts["TemplateSaved"].Value,
            "deleted" => texts["TemplateDeleted"].Value,
            _ => saved ? texts["Saved"].Value : null,
        };
        ShowStored();
        return Page();
    }

    /// <summary>Fills the main form from the stored category.</summary>
    private void ShowStored()
    {
        var c = Category;
        Values["name"] = c.Name;
        Values["description"] = c.Description;
        Values["agentGroupId"] = c.AgentGroupId.ToString();
        Values["isDefault"] = c.IsDefault ? "true" : null;
        Values["serviceLevelOverrideHours"] = Text(c.ServiceLevelOverrideHours);
        Values["forwardReminderHours"] = Text(c.ForwardReminderHours);
        Values["kpi.goalHours"] = Text(c.Kpi.GoalHours);
        Values["kpi.warningThresholdPercent"] = Text(c.Kpi.WarningThresholdPercent);
        Values["kpi.notifyByWeb"] = c.Kpi.NotifyByWeb ? "true" : null;
        Values["kpi.notifyByEmail"] = c.Kpi.NotifyByEmail ? "true" : null;
        Values["escalation.backlogThreshold"] = Text(c.Escalation?.BacklogThreshold);
        Values["escalation.deadlineHours"] = Text(c.Escalation?.DeadlineHours);
        Values["escalation.target"] = c.Escalation is { } e ? $"{e.TargetTenantId}/{e.TargetCategoryId}" : null;
        Chosen["textBlockIds"] = [.. c.TextBlockIds];
        Chosen["preparedAttachmentIds"] = [.. c.PreparedAttachmentIds];
        Chosen["classificationIds"] = [.. c.ClassificationIds];
        Chosen["kpi.supervisorIds"] = [.. c.Kpi.SupervisorIds ?? []];
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

        foreach (var field in ListFields)
        {
            Chosen[field] = [.. ReadIds(field)];
        }

        var input = Read();
        // A value that could not even be read keeps its own message rather than the validator's.
        foreach (var (field, messages) in await validator.ValidateAsync(tenant.Required.Id, id, input, cancellationToken))
        {
            if (!Errors.Has(field))
            {
                Errors.Add(new Dictionary<string, string[]> { [field] = messages });
            }
        }

        if (Errors.Any)
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

            Errors.Add(field, texts["WholeNumber"]);
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

        return new CategoryInput(
            Text("name"),
            Text("description"),
            Guid.TryParse(Value("agentGroupId"), out var group) ? group : null,
            Checked("isDefault"),
            Number("serviceLevelOverrideHours"),
            new KpiSettings(Number("kpi.goalHours"), Number("kpi.warningThresholdPercent"), ReadIds("kpi.supervisorIds"), Checked("kpi.notifyByWeb"), Checked("kpi.notifyByEmail")),
            ReadIds("textBlockIds"),
            ReadIds("preparedAttachmentIds"),
            ReadIds("classificationIds"),
            escalation,
            Number("forwardReminderHours"));
    }

    private static readonly string[] ListFields = ["textBlockIds", "preparedAttachmentIds", "classificationIds", "kpi.supervisorIds"];

    /// <summary>The checked boxes of a list field; a value that is no id is an error of the list.</summary>
    private List<Guid> ReadIds(string field)
    {
        var ids = new List<Guid>();
        foreach (var value in Request.Form[field])
        {
            if (Guid.TryParse(value, out var id))
            {
                ids.Add(id);
            }
            else if (!Errors.Has(field))
            {
                Errors.Add(field, texts["ChooseOffered"]);
            }
        }

        return ids;
    }

    public async Task<IActionResult> OnPostTemplateAsync(Guid id, Guid? templateId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        AnswerTemplate? template = null;
        if (templateId is not null && (template = await db.AnswerTemplates.SingleOrDefaultAsync(t => t.Id == templateId && t.CategoryId == id, cancellationToken)) is null)
        {
            return NotFound();
        }

        string? Field(string name) => Request.Form[name].ToString() is { Length: > 0 } text ? text : null;
        var input = new AnswerTemplateInput(Field("name"), Field("letterhead"), Field("body"), Field("footer"), Field("isDefault") == "true");
        TemplateErrors.Add(await CategoryTemplates.ValidateAsync(db, id, templateId, input, cancellationToken));
        if (TemplateErrors.Any)
        {
            TemplateFormWithErrors = templateId?.ToString() ?? "new";
            foreach (var field in new[] { "name", "letterhead", "body", "footer", "isDefault" })
            {
                TemplateValues[field] = Field(field);
            }

            ShowStored();
            return Page();
        }

        await CategoryTemplates.SaveAsync(db, id, template, input, cancellationToken);
        return RedirectToPage(new { id, template = "saved" });
    }

    /// <summary>Why the category could not be deleted (the API's 409 detail), shown above the form.</summary>
    public string? DeleteError { get; private set; }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        switch ((await CategoryEndpoints.DeleteAsync(id, db, texts, cancellationToken)).Result)
        {
            case Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem:
                DeleteError = problem.ProblemDetails.Detail;
                ShowStored();
                return Page();
            case Microsoft.AspNetCore.Http.HttpResults.NotFound:
                return NotFound();
            default:
                return RedirectToPage("Index", new { deleted = Category.Name });
        }
    }

    public async Task<IActionResult> OnPostDeleteTemplateAsync(Guid id, Guid templateId, CancellationToken cancellationToken)
    {
        var template = await db.AnswerTemplates.SingleOrDefaultAsync(t => t.Id == templateId && t.CategoryId == id, cancellationToken);
        if (template is null)
        {
            return NotFound();
        }

        await CategoryTemplates.DeleteAsync(db, template, cancellationToken);
        return RedirectToPage(new { id, template = "deleted" });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return false;
        }

        var profile = await db.CategoryProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? new CategoryProfile { Id = id };
        Category = CategoryEndpoints.Detail(category, profile, await CategoryTemplates.ListAsync(db, id, cancellationToken));
        TextBlocks = (await db.TextBlocks.AsNoTracking().OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken))
            .Select(b => (b.Id, b.Name)).ToList();
        PreparedAttachments = (await db.PreparedAttachments.AsNoTracking().OrderBy(a => a.FileName).Select(a => new { a.Id, a.FileName }).ToListAsync(cancellationToken))
            .Select(a => (a.Id, a.FileName)).ToList();
        Classifications = (await db.Classifications.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();
        AgentGroups = (await db.AgentGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken))
            .Select(g => (g.Id, g.Name)).ToList();
        var self = tenant.Required.Id;
        var supervisors = await catalog.TenantMemberships.AsNoTracking()
            .Where(m => m.TenantId == self && (m.Role == TenantRole.Supervisor || m.Role == TenantRole.TenantAdministrator))
            .Select(m => new { m.UserId, m.Role, m.User!.Email }).ToListAsync(cancellationToken);
        Supervisors = supervisors.GroupBy(m => m.UserId)
            .Select(g => (g.Key, g.Any(m => m.Role == TenantRole.TenantAdministrator)
                ? texts["SupervisorAdministrator", g.First().Email ?? g.Key.ToString()].Value
                : g.First().Email ?? g.Key.ToString()))
            .OrderBy(p => p.Item2, StringComparer.OrdinalIgnoreCase).ToList();

        // A chosen person who lost the role stays visible (checked), so the administrator sees why saving is refused and can untick them.
        foreach (var gone in (Category.Kpi.SupervisorIds ?? []).Where(chosen => Supervisors.All(s => s.Id != chosen)))
        {
            Supervisors.Add((gone, texts["NoLongerSupervisor"].Value));
        }

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
