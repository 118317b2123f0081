using System.Security.Claims;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server;

/// <summary>
/// The language switch of the page header: remembers the choice in a cookie and goes back to the page (a local address
/// only). No antiforgery token: a forged post could only change a person's language, and a token in every page's
/// header would set antiforgery cookies on pages that have no form of their own. A signed-in person's account keeps the
/// choice too, so mails to them are written in it.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class LanguageModel(UserManager<PlatformUser> users) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl)
    {
        if (Localization.Supported(language) is not { } chosen)
        {
            return BadRequest();
        }

        Response.Cookies.Append(Localization.CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)), new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
        });
        if (User.Identity?.IsAuthenticated == true && User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            && await users.FindByIdAsync(id) is { } person)
        {
            await PersonLanguage.RememberAsync(users, person, chosen);
        }

        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "~/");
    }
}
