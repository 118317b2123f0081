using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace ContactCenter.Server.Identity.Account;

/// <summary>Confirms an e-mail address with the token of the mailed link (Identity's e-mail confirmation token).</summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityProviderFeature.LoginRateLimit)]
public sealed class ConfirmEmailModel(UserManager<PlatformUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId, string? token)
    {
        var user = Guid.TryParse(userId, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        var decoded = AccountLinks.Decode(token);
        Confirmed = user is not null && decoded is not null && (await users.ConfirmEmailAsync(user, decoded)).Succeeded;
        if (!Confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
