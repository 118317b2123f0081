using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Partitions;

/// <summary>One client partition: its properties, and on the Associations tab the categories it serves.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class EditModel(TenantDbContext db) : PageModel
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

        var errors = new FieldErrors();
        var (name, description) = PartitionsFeature.Read(new PartitionInput(Name, Description, Enabled), errors);
        foreach (var (field, messages) in errors.ToDictionary())
        {
            ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], string.Join(" ", messages));
        }

        if (!errors.Any && await PartitionsFeature.NameTakenAsync(db, name!, id, cancellationToken))
        {
            ModelState.AddModelError(nameof(Name), $"A client partition named '{name}' exists.");
        }

        var wanted = CategoryIds.Distinct().ToList();
        var known = await db.Categories.Where(c => wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        if (known.Count != wanted.Count)
        {
            ModelState.AddModelError(nameof(CategoryIds), "Choose categories of this tenant.");
        }

        await LoadCategoriesAsync(cancellationToken);
        if (ModelState.ErrorCount > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (partition.Name, partition.Description, partition.Enabled) = (name!, description, Enabled);
        await PartitionsFeature.ReplaceCategoriesAsync(db, id, wanted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Saved = "Saved.";
        return Page();
    }

    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    private async Task LoadCategoriesAsync(CancellationToken cancellationToken) =>
        Categories = (await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => new CategoryChoice(c.Id, c.Name, CategoryIds.Contains(c.Id))).ToList();
}
