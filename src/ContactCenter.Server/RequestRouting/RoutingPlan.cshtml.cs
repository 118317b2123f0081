using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.RequestRouting;

/// <summary>The routing plan mask: rules in order (move up/down, delete), a form to add one, and the default category.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class RoutingPlanModel(TenantDbContext db, IStringLocalizer<RequestRoutingTexts> texts) : PageModel
{
    public IReadOnlyList<RoutingRule> Rules { get; private set; } = [];

    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public IReadOnlyList<Classification> Classifications { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    [BindProperty]
    public RoutingRuleRequest? RuleForm { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var rule = new RoutingRule { Value = "" };
        var errors = await RoutingPlanFeature.ApplyAsync(rule, (RuleForm ?? new RoutingRuleRequest(null, null, null, null, null, null)) with { Position = null, Enabled = true }, db, cancellationToken);
        if (errors.Any)
        {
            Errors.Add(errors.ToDictionary());
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        rule.Position = await db.RoutingRules.CountAsync(cancellationToken);
        db.RoutingRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    /// <summary>Moves a rule one place up (<paramref name="by"/> = -1) or down (+1).</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, int by, CancellationToken cancellationToken)
    {
        var rules = await db.RoutingRules.OrderBy(r => r.Position).ToListAsync(cancellationToken);
        var index = rules.FindIndex(r => r.Id == id);
        if (index < 0)
        {
            return NotFound();
        }

        var target = Math.Clamp(index + Math.Sign(by), 0, rules.Count - 1);
        (rules[index], rules[target]) = (rules[target], rules[index]);
        RoutingPlanFeature.Renumber(rules);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var rules = await db.RoutingRules.OrderBy(r => r.Position).ToListAsync(cancellationToken);
        if (rules.Find(r => r.Id == id) is not { } rule)
        {
            return NotFound();
        }

        rules.Remove(rule);
        db.RoutingRules.Remove(rule);
        RoutingPlanFeature.Renumber(rules);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDefaultAsync(Guid? categoryId, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.ToListAsync(cancellationToken);
        if (categories.Find(c => c.Id == categoryId) is not { } chosen)
        {
            Errors.Add("defaultCategory", texts["CategoryUnknown"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        foreach (var category in categories)
        {
            category.IsDefault = category == chosen;
        }

        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Rules = await db.RoutingRules.AsNoTracking().OrderBy(r => r.Position).ToListAsync(cancellationToken);
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        Classifications = await db.Classifications.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
    }
}
