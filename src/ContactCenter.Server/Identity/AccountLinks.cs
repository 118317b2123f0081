using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactCenter.Server.Identity;

/// <summary>Links to the platform's account pages that go out by mail (they live outside any tenant's path).</summary>
public static class AccountLinks
{
    /// <summary>A link to <c>/account/reset</c> with a fresh password-reset token (valid one day), for a forgotten password or a first one.</summary>
    public static Task<string> PasswordResetAsync(UserManager<PlatformUser> users, PlatformUser user, HttpRequest request, string? language = null) =>
        PasswordResetAsync(users, user, Origin(request), language);

    /// <inheritdoc cref="PasswordResetAsync(UserManager{PlatformUser}, PlatformUser, HttpRequest, string?)"/>
    public static async Task<string> PasswordResetAsync(UserManager<PlatformUser> users, PlatformUser user, PublicOrigin origin, string? language = null) =>
        origin.Link($"/account/reset?email={Uri.EscapeDataString(user.Email!)}&token={Encode(await users.GeneratePasswordResetTokenAsync(user))}"
            + (language is null ? "" : $"&ui_locales={language}"));

    /// <summary>A link to <c>/account/confirm-email</c> with a fresh e-mail confirmation token (valid one day).</summary>
    public static async Task<string> EmailConfirmationAsync(UserManager<PlatformUser> users, PlatformUser user, PublicOrigin origin, string? language = null) =>
        origin.Link($"/account/confirm-email?userId={user.Id}&token={Encode(await users.GenerateEmailConfirmationTokenAsync(user))}"
            + (language is null ? "" : $"&ui_locales={language}"));

    /// <summary>A link to <c>/account/invitation</c>, where the invited account's owner accepts an invitation into a tenant.</summary>
    public static string Invitation(PublicOrigin origin, string tenantSlug, Guid invitationId, string token, string? language = null) =>
        origin.Link($"/account/invitation?tenant={Uri.EscapeDataString(tenantSlug)}&id={invitationId}&token={token}"
            + (language is null ? "" : $"&ui_locales={language}"));

    public static string SignIn(HttpRequest request) => Origin(request).Link("/account/login");

    /// <summary>The text of a token as mailed links carry it (Base64url of its UTF-8), undone by <see cref="Decode"/>.</summary>
    public static string Encode(string token) => Base64UrlTextEncoder.Encode(System.Text.Encoding.UTF8.GetBytes(token));

    /// <summary>The token a link carried, or null when the link was mangled.</summary>
    public static string? Decode(string? token)
    {
        try
        {
            return token is null ? null : System.Text.Encoding.UTF8.GetString(Base64UrlTextEncoder.Decode(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // The public origin, never the request's Host header: a forged one would mail the reset token to its sender.
    private static PublicOrigin Origin(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublicOrigin>();
}
