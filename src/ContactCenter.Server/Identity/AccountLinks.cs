using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactCenter.Server.Identity;

/// <summary>Links to the platform's account pages that go out by mail (they live outside any tenant's path).</summary>
public static class AccountLinks
{
    /// <summary>A link to <c>/account/reset</c> with a fresh password-reset token (valid one day), for a forgotten password or a first one.</summary>
    public static async Task<string> PasswordResetAsync(UserManager<PlatformUser> users, PlatformUser user, HttpRequest request, string? language = null)
    {
        var token = Base64UrlTextEncoder.Encode(System.Text.Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        return Origin(request).Link($"/account/reset?email={Uri.EscapeDataString(user.Email!)}&token={token}"
            + (language is null ? "" : $"&ui_locales={language}"));
    }

    public static string SignIn(HttpRequest request) => Origin(request).Link("/account/login");

    // The public origin, never the request's Host header: a forged one would mail the reset token to its sender.
    private static PublicOrigin Origin(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublicOrigin>();
}
