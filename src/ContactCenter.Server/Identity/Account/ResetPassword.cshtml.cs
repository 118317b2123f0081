using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.Account;

/// <summary>Chooses a new password with the link's token; a successful reset also lifts a lockout.</summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityProviderFeature.LoginRateLimit)]
public sealed class ResetPasswordModel(UserManager<PlatformUser> users, SignInRevocation revocation, IStringLocalizer<IdentityTexts> texts) : PageModel
{
    public string? Email { get; private set; }

    public string? Token { get; private set; }

    public string? UiLocales { get; private set; }

    public FormErrors Errors { get; } = new();

    public bool Changed { get; private set; }

    public void OnGet(string? email, string? token, [FromQuery(Name = "ui_locales")] string? uiLocales)
    {
        Email = email;
        Token = token;
        UiLocales = uiLocales;
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? token, string? uiLocales, string? password, string? confirmPassword)
    {
        OnGet(email, token, uiLocales);
        if (password != confirmPassword)
        {
            return Refuse(texts["PasswordsDiffer"]);
        }

        var user = email is null ? null : await users.FindByEmailAsync(email);
        string? decoded = null;
        try
        {
            decoded = token is null ? null : System.Text.Encoding.UTF8.GetString(Base64UrlTextEncoder.Decode(token));
        }
        catch (FormatException)
        {
            // A mangled link: treated like any other invalid token below.
        }

        if (user is null || decoded is null)
        {
            return Refuse(texts["ResetInvalid"]);
        }

        var result = await users.ResetPasswordAsync(user, decoded, password ?? "");
        if (!result.Succeeded)
        {
            return Refuse(result.Errors.Any(e => e.Code == "InvalidToken") ? texts["ResetInvalid"] : string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        // Whoever knew the old password keeps nothing: the reset changed the security stamp (every session ends
        // at its next request) and every refresh token of the person is revoked.
        await revocation.RevokeEveryChainOfAsync(user.Id, HttpContext.RequestAborted);
        // The token came by mail to this address: whoever used it reads that mailbox.
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Changed = true;
        return Page();
    }

    private PageResult Refuse(string error)
    {
        Errors.Add("password", error);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
