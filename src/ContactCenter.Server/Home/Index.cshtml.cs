using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.Home;

/// <summary>The landing page, or a tenant's home page when the request names a tenant.</summary>
[AllowAnonymous]
public sealed class IndexModel(TenantContext tenantContext) : PageModel
{
    public TenantRecord? Tenant => tenantContext.Tenant;
}
