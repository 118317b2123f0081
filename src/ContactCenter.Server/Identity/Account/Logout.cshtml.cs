using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.Identity.Account;

/// <summary>Sign out, after a confirmation (a link alone cannot sign anybody out).</summary>
[AllowAnonymous]
public sealed class LogoutModel(AccountSession session) : PageModel
{
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null;
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        await session.SignOutAsync();
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "~/account/signed-out");
    }
}
