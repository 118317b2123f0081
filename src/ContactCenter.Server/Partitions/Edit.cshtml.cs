using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Partitions;

/// <summary>One client partition: its properties, and on the Associations tab the categories it serves.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class EditModel(TenantDbContext db, IStringLocalizer<PartitionsTexts> texts) : PageModel
{
    public sealed record CategoryChoice(Guid Id, string Name, bool Associated);

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public bool Enabled { get; set; }

    [BindProperty]
    public List<Guid> CategoryIds { get; set; } = [];

    public IReadOnlyList<CategoryChoice> Categories { get; private set; } = [];

    public string? Saved { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var partition = await db.ClientPartitions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partition is null)
        {
            return NotFound();
        }

        (Name, Description, Enabled) = (partition.Name, partition.Description, partition.Enabled);
        CategoryIds = (await PartitionsFeature.AssociatedAsync(db, id, cancellationToken)).Select(c => c.Id).ToList();
        await LoadCategoriesAsync(cancellationToken);
        return Page();
    }

    /// <summary>Saves properties and associations together; with any invalid field nothing is saved.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var partition = await db.ClientPartitions.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partition is null)
        {
            return NotFound();
        }

        Errors.AddUnbound(ModelState);
        var errors = new FieldErrors();
        var (name, description) = PartitionsFeature.Read(new PartitionInput(Name, Description, Enabled), errors);
        Errors.Add(errors.ToDictionary());
        if (!errors.Any && await PartitionsFeature.NameTakenAsync(db, name!, id, cancellationToken))
        {
            Errors.Add("name", texts["NameTaken", name!]);
        }

        var wanted = CategoryIds.Distinct().ToList();
        var known = await db.Categories.Where(c => wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        if (known.Count != wanted.Count)
        {
            Errors.Add("categoryIds", texts["ChooseTenantCategories"]);
        }

        await LoadCategoriesAsync(cancellationToken);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (partition.Name, partition.Description, partition.Enabled) = (name!, description, Enabled);
        await PartitionsFeature.ReplaceCategoriesAsync(db, id, wanted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Saved = texts["Saved"];
        return Page();
    }

    private async Task LoadCategoriesAsync(CancellationToken cancellationToken) =>
        Categories = (await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => new CategoryChoice(c.Id, c.Name, CategoryIds.Contains(c.Id))).ToList();
}
