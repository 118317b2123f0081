using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Partitions;

/// <summary>The tenant's client partitions: the list, and a form to add one up to the limit.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class IndexModel(TenantDbContext db, IConfiguration configuration, EffectivePermissions permissions, IStringLocalizer<PartitionsTexts> texts) : PageModel
{
    public IReadOnlyList<PartitionItem> Partitions { get; private set; } = [];

    /// <summary>Whether the caller's roles carry "may delete partitions"; without it the delete links are not offered.</summary>
    public bool MayDelete { get; private set; }

    public int Limit { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public bool Enabled { get; set; } = true;

    /// <summary>The form's errors under the API's field names; the empty name holds what concerns the whole list (the limit).</summary>
    public FormErrors Errors { get; } = new();

    /// <summary>Shown after a deletion: what it removed.</summary>
    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Errors.AddUnbound(ModelState);
        var errors = new FieldErrors();
        var (name, description) = PartitionsFeature.Read(new PartitionInput(Name, Description, Enabled), errors);
        Errors.Add(errors.ToDictionary());
        if (!errors.Any && Partitions.Count >= Limit)
        {
            Errors.Add(string.Empty, texts["LimitReached", Limit]);
        }
        else if (!errors.Any && await PartitionsFeature.NameTakenAsync(db, name!, null, cancellationToken))
        {
            Errors.Add("name", texts["NameTaken", name!]);
        }

        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        db.ClientPartitions.Add(new ClientPartition { Name = name!, Description = description, Enabled = Enabled });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Limit = PartitionsFeature.PartitionLimit(configuration);
        MayDelete = (await permissions.OfAsync(User, cancellationToken)).Permissions.HasFlag(Permission.DeletePartitions);
        Partitions = await db.ClientPartitions.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new PartitionItem(p.Id, p.Name, p.Description, p.Enabled)).ToListAsync(cancellationToken);
    }
}
