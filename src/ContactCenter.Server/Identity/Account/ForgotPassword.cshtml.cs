using ContactCenter.Data.Catalog;
using ContactCenter.Mail.Connections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.Account;

/// <summary>
/// Sends a password-reset link. The answer is the same whether or not an account exists, so the page does
/// not tell strangers who has an account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityProviderFeature.LoginRateLimit)]
public sealed partial class ForgotPasswordModel(UserManager<PlatformUser> users, PlatformMailer mailer, IStringLocalizer<IdentityTexts> texts, ILogger<ForgotPasswordModel> logger) : PageModel
{
    public string? UiLocales { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public void OnGet([FromQuery(Name = "ui_locales")] string? uiLocales)
    {
        UiLocales = uiLocales;
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? uiLocales, CancellationToken cancellationToken)
    {
        OnGet(uiLocales);
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user?.Email is not null)
        {
            // In the person's own language when we know it, else in the language of this page.
            var language = PersonLanguage.Of(user);
            var link = await AccountLinks.PasswordResetAsync(users, user, Request, language);
            var (subject, text) = Localization.In(language, () => (texts["ResetSubject"].Value, texts["ResetMail", link].Value));
            try
            {
                await mailer.SendAsync(user.Email, subject, text, cancellationToken);
            }
            catch (Exception failure) when (failure is MailException or PlatformMailNotConfiguredException)
            {
                MailNotSent(logger, failure, user.Id);
                Error = texts["MailFailed"];
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Page();
            }
        }

        Message = texts["LinkSent"];
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The password-reset mail to {UserId} could not be sent.")]
    private static partial void MailNotSent(ILogger logger, Exception failure, Guid userId);
}
