using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Crm;

/// <summary>Asks before a contact goes (with its activity history), then deletes it through the API's handler.</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class ContactDeleteModel(TenantDbContext db, IStringLocalizer<CrmTexts> texts) : PageModel
{
    public string ContactName { get; private set; } = "";

    public int ActivityCount { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await NameAsync(id, cancellationToken) is not { } name)
        {
            return NotFound();
        }

        ContactName = name;
        ActivityCount = await db.ActivityEntries.CountAsync(a => a.ContactId == id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await NameAsync(id, cancellationToken) is not { } name || (await ContactsFeature.DeleteAsync(id, db, cancellationToken)).Result is NotFound)
        {
            return NotFound();
        }

        Done = texts["ContactDeleted", name];
        return Redirect(Url.Content("~/contacts"));
    }

    private async Task<string?> NameAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Contacts.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new ContactItem(c.Id, c.Salutation, c.FirstName, c.LastName, c.Email, null, null, null, null))
            .SingleOrDefaultAsync(cancellationToken) is { } contact ? ContactsModel.Name(contact) : null;
}
