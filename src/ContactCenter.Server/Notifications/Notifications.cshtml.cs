using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.Notifications;

/// <summary>The bell's page: the signed-in person's newest notifications, each leading to its request, and "mark all read".</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class NotificationsModel(TenantDbContext db, TimeProvider clock) : PageModel
{
    public NotificationList List { get; private set; } = new(0, []);

    public string? TimeZone { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        List = await NotificationEndpoints.ListAsync(db, User, cancellationToken);
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        await NotificationEndpoints.MarkReadAsync(db, clock, User, null, cancellationToken);
        return RedirectToPage();
    }
}
