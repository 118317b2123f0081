using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.SignUp;

/// <summary>The public sign-up form; errors are shown beside their fields.</summary>
[AllowAnonymous]
public sealed class SignUpModel(SignUpService signUp, IStringLocalizer<SignUpTexts> texts) : PageModel
{
    public SignUpRequest Input { get; private set; } = new(null, null, null, null);

    public string? Failure { get; private set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    [EnableRateLimiting(SignUpFeature.RateLimitPolicy)]
    public async Task<IActionResult> OnPostAsync(string? companyName, string? slug, string? adminEmail, string? adminPassword, CancellationToken cancellationToken)
    {
        Input = new SignUpRequest(companyName, slug, adminEmail, null);
        switch (await signUp.SignUpAsync(new SignUpRequest(companyName, slug, adminEmail, adminPassword), cancellationToken))
        {
            case SignUpOutcome.Created created:
                return RedirectToPage("/SignUp/SignUpDone", new { slug = created.Tenant.Slug, confirm = created.ConfirmationSent ? "sent" : null });
            case SignUpOutcome.Invalid invalid:
                Errors.Add(invalid.Errors);
                break;
            case SignUpOutcome.SlugTaken taken:
                Errors.Add("slug", texts["SlugTaken", taken.Slug]);
                break;
            case SignUpOutcome.Failed failed:
                Failure = texts["CreationFailed", failed.CorrelationId];
                break;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
