using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.Account;

/// <summary>Sign in with e-mail and password; repeated failures lock the account (Identity lockout).</summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityProviderFeature.LoginRateLimit)]
public sealed class LoginModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, AccountSession session, IStringLocalizer<IdentityTexts> texts) : PageModel
{
    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    public string? UiLocales { get; private set; }

    public string? Error { get; private set; }

    public void OnGet(string? returnUrl, [FromQuery(Name = "login_hint")] string? loginHint, [FromQuery(Name = "ui_locales")] string? uiLocales)
    {
        Prepare(returnUrl, uiLocales);
        Email = loginHint;
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl, string? uiLocales)
    {
        Prepare(returnUrl, uiLocales);
        Email = email;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return Refuse(texts["Required"]);
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return Refuse(texts["WrongCredentials"]);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Refuse(texts["LockedOut"]);
        }

        if (!result.Succeeded)
        {
            return Refuse(texts["WrongCredentials"]);
        }

        // The language of the sign-in page becomes the person's: mails to them later are written in it.
        await PersonLanguage.RememberAsync(users, user, Localization.CurrentLanguage);
        await session.SignInAsync(user, tenant: null, persistent: false);
        // Only local addresses: never an open redirect. An authorization request chooses the tenant itself;
        // anything else goes through the tenant choice first, so the cookie names the tenant to work for.
        // Accepting an invitation needs no tenant either: the invitation names its own.
        if (ReturnUrl is not null && (ReturnUrl.StartsWith(IdentityProviderFeature.AuthorizePath, StringComparison.Ordinal)
            || ReturnUrl.StartsWith("/account/invitation?", StringComparison.Ordinal)))
        {
            return LocalRedirect(ReturnUrl);
        }

        return LocalRedirect(ReturnUrl is null ? "~/account/tenant" : "~/account/tenant?returnUrl=" + Uri.EscapeDataString(ReturnUrl));
    }

    private void Prepare(string? returnUrl, string? uiLocales)
    {
        UiLocales = uiLocales;
        ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null;
    }

    private PageResult Refuse(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
