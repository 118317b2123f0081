using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.Account;

/// <summary>
/// Sends a password-reset link. The answer is the same, in the same time, whether or not an account exists, so the
/// page does not tell strangers who has an account: an unknown address costs a token too, and the mail goes out
/// after the answer (<see cref="PlatformMailDispatcher"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityProviderFeature.LoginRateLimit)]
public sealed partial class ForgotPasswordModel(
    UserManager<PlatformUser> users, PlatformMailDispatcher mail, PublicOrigin origin, IStringLocalizer<IdentityTexts> texts, ILogger<ForgotPasswordModel> logger) : PageModel
{
    public string? UiLocales { get; private set; }

    public string? Message { get; private set; }

    public void OnGet([FromQuery(Name = "ui_locales")] string? uiLocales)
    {
        UiLocales = uiLocales;
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? uiLocales)
    {
        OnGet(uiLocales);
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        // An unknown address gets a token of a stand-in nobody stores, so both answers cost the same work.
        var recipient = user is { Email: not null } ? user : new PlatformUser { Id = Guid.NewGuid(), Email = email?.Trim() ?? "", SecurityStamp = Guid.NewGuid().ToString("N") };
        // In the person's own language when we know it, else in the language of this page.
        var language = PersonLanguage.Of(recipient);
        var link = await AccountLinks.PasswordResetAsync(users, recipient, origin, language);
        var (subject, text) = Localization.In(language, () => (texts["ResetSubject"].Value, texts["ResetMail", link].Value));
        if (ReferenceEquals(recipient, user) && !mail.Enqueue(new PlatformMailMessage(user.Email!, subject, text)))
        {
            // Not the link: whoever reads the log could take the account with it.
            MailNotConfigured(logger, user.Id);
        }

        Message = texts["LinkSent"];
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Platform mail is not configured: the password-reset link asked for by {UserId} was not sent.")]
    private static partial void MailNotConfigured(ILogger logger, Guid userId);
}
