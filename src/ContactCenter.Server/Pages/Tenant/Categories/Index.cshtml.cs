using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Pages.Tenant.Categories;

/// <summary>The tenant's categories, each linking to its mask.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class IndexModel(TenantDbContext db) : PageModel
{
    public List<Category> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
}
