using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.SignUp;

/// <summary>After a sign-up: a link to the new tenant. Only ever links to an active tenant's own path.</summary>
[AllowAnonymous]
public sealed class SignUpDoneModel(TenantStore store) : PageModel
{
    public TenantRecord Tenant { get; private set; } = null!;

    public string TenantUrl => Url.Content("~" + SignUpFeature.TenantPath(Tenant.Slug));

    /// <summary>Whether the sign-up sent a link to confirm the administrator's address.</summary>
    public bool ConfirmationSent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? slug, string? confirm, CancellationToken cancellationToken)
    {
        var tenant = string.IsNullOrEmpty(slug) ? null : await store.FindBySlugAsync(slug, cancellationToken);
        if (tenant is not { Status: TenantStatus.Active })
        {
            return NotFound();
        }

        Tenant = tenant;
        ConfirmationSent = confirm == "sent";
        return Page();
    }
}
