using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace ContactCenter.Server.SignUp;

/// <summary>The public sign-up form; errors are shown beside their fields.</summary>
[AllowAnonymous]
public sealed class SignUpModel(SignUpService signUp) : PageModel
{
    private Dictionary<string, string[]> _errors = [];

    public SignUpRequest Input { get; private set; } = new(null, null, null, null);

    public string? Failure { get; private set; }

    public IEnumerable<string> ErrorsFor(string field) => _errors.TryGetValue(field, out var errors) ? errors : [];

    public bool HasError(string field) => _errors.ContainsKey(field);

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
                return RedirectToPage("/SignUp/SignUpDone", new { slug = created.Tenant.Slug });
            case SignUpOutcome.Invalid invalid:
                _errors = invalid.Errors;
                break;
            case SignUpOutcome.SlugTaken taken:
                _errors["slug"] = [$"The address '{taken.Slug}' is taken. Choose another."];
                break;
            case SignUpOutcome.Failed failed:
                Failure = $"Your ContactCenter could not be created, and nothing was kept. Please try again; if it happens again, quote {failed.CorrelationId}.";
                break;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
