using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Categories;

/// <summary>
/// The tenant's categories, each linking to its mask, and a short form to add one (name, description, owning agent
/// group) that leads on to the new category's mask. Validation is the API's.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class IndexModel(TenantDbContext db, TenantContext tenant, CategoryValidator validator) : PageModel
{
    public List<Category> Categories { get; private set; } = [];

    public List<(Guid Id, string Name)> AgentGroups { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public Guid? AgentGroupId { get; set; }

    /// <summary>The name of the category just deleted, shown as status.</summary>
    public string? Deleted { get; private set; }

    public async Task OnGetAsync(string? deleted, CancellationToken cancellationToken)
    {
        Deleted = deleted;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var input = new CategoryInput(Name?.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description, AgentGroupId, false, null, null, [], [], [], null);
        Errors.Add(await validator.ValidateAsync(tenant.Required.Id, null, input, cancellationToken));
        if (Errors.Any)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var category = new Category { Name = input.Name!, AgentGroupId = AgentGroupId!.Value };
        var profile = new CategoryProfile { Id = category.Id };
        await CategoryEndpoints.ApplyAsync(db, category, profile, input, cancellationToken);
        db.Categories.Add(category);
        db.CategoryProfiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage("Edit", new { id = category.Id, saved = true });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        AgentGroups = (await db.AgentGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken))
            .Select(g => (g.Id, g.Name)).ToList();
    }
}
