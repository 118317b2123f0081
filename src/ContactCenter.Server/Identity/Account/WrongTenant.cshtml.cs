using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.Identity.Account;

/// <summary>
/// What a signed-in person sees (status 403) on opening a page of a tenant they are not signed in for: the way to
/// switch to it when they work for it, else to their own tenants. Shown by <see cref="TenantAccess"/> only.
/// </summary>
public sealed class WrongTenantModel : PageModel
{
    public const string Route = "/account/wrong-tenant";

    public const string PageName = "/Identity/Account/WrongTenant";

    public WrongTenant Tenant { get; private set; } = null!;

    /// <summary>The tenant choice: for a tenant of theirs with the requested page to return to (which pre-selects it).</summary>
    public string ChooseTenantUrl => Tenant.IsMember ? "/account/tenant?returnUrl=" + Uri.EscapeDataString(Tenant.ReturnUrl) : "/account/tenant";

    public IActionResult OnGet()
    {
        if (HttpContext.Features.Get<WrongTenant>() is not { } tenant)
        {
            return NotFound();
        }

        Tenant = tenant;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
