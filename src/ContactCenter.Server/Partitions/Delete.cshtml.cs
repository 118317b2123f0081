using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Partitions;

/// <summary>Asks whether the administrator is absolutely sure, and deletes only when the partition's name is typed.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
[Authorize(Policy = TenantPermissions.PolicyPrefix + nameof(Permission.DeletePartitions))]
public sealed class DeleteModel(TenantDbContext db, PartitionDeletion deletion, IStringLocalizer<PartitionsTexts> texts) : PageModel
{
    public string PartitionName { get; private set; } = "";

    public int ContactCount { get; private set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public FormErrors Errors { get; } = new();

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!string.Equals(Confirm?.Trim(), PartitionName, StringComparison.Ordinal))
        {
            Errors.Add("confirm", texts["TypeNameExactly", PartitionName]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (await deletion.DeleteAsync(id, cancellationToken) is not { } deleted)
        {
            return NotFound();
        }

        Done = texts["Deleted", deleted.Name, deleted.Contacts, deleted.Companies, deleted.ActivityEntries];
        return RedirectToPage("Index");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var name = await db.ClientPartitions.Where(p => p.Id == id).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return false;
        }

        PartitionName = name;
        ContactCount = await db.Contacts.CountAsync(c => c.PartitionId == id, cancellationToken);
        return true;
    }
}
