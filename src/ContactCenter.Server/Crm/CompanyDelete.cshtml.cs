using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Crm;

/// <summary>Asks before a company goes (its contacts stay, without the company), then deletes it through the API's handler.</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class CompanyDeleteModel(TenantDbContext db, IStringLocalizer<CrmTexts> texts) : PageModel
{
    public string CompanyName { get; private set; } = "";

    public int ContactCount { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await NameAsync(id, cancellationToken) is not { } name)
        {
            return NotFound();
        }

        CompanyName = name;
        ContactCount = await db.Contacts.CountAsync(c => c.CompanyId == id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await NameAsync(id, cancellationToken) is not { } name || (await CompaniesFeature.DeleteAsync(id, db, cancellationToken)).Result is NotFound)
        {
            return NotFound();
        }

        Done = texts["CompanyDeleted", name];
        return Redirect(Url.Content("~/companies"));
    }

    private Task<string?> NameAsync(Guid id, CancellationToken cancellationToken) =>
        db.Companies.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
}
