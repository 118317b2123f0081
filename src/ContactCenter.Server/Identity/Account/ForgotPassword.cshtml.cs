using ContactCenter.Data.Catalog;
using ContactCenter.Mail.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace ContactCenter.Server.Identity.Account;

/// <summary>
/// Sends a password-reset link. The answer is the same whether or not an account exists, so the page does
/// not tell strangers who has an account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityProviderFeature.LoginRateLimit)]
public sealed partial class ForgotPasswordModel(UserManager<PlatformUser> users, PlatformMailer mailer, ILogger<ForgotPasswordModel> logger) : PageModel
{
    public AccountTexts T { get; private set; } = null!;

    public string? UiLocales { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public void OnGet([FromQuery(Name = "ui_locales")] string? uiLocales)
    {
        UiLocales = uiLocales;
        T = AccountTexts.For(Request, uiLocales);
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? uiLocales, CancellationToken cancellationToken)
    {
        OnGet(uiLocales);
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user?.Email is not null)
        {
            var link = await AccountLinks.PasswordResetAsync(users, user, Request, T.Language);
            try
            {
                await mailer.SendAsync(user.Email, T["ResetSubject"], T.Format("ResetMail", link), cancellationToken);
            }
            catch (Exception failure) when (failure is MailException or PlatformMailNotConfiguredException)
            {
                MailNotSent(logger, failure, user.Id);
                Error = T["MailFailed"];
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Page();
            }
        }

        Message = T["LinkSent"];
        return Page();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The password-reset mail to {UserId} could not be sent.")]
    private static partial void MailNotSent(ILogger logger, Exception failure, Guid userId);
}
