using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.Consent;

/// <summary>The person's consents to other applications, each revocable (with every token it led to).</summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class ConsentsModel(ConsentStore consents, IStringLocalizer<IdentityTexts> texts) : PageModel
{
    public IReadOnlyList<GivenConsent> Consents { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Consents = await consents.ListAsync(AccountSession.Read(User)!.UserId, cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string clientId, string? tenant, CancellationToken cancellationToken)
    {
        if (!await consents.RevokeAsync(AccountSession.Read(User)!.UserId, clientId, tenant ?? "", cancellationToken))
        {
            return NotFound();
        }

        Done = texts["ConsentRevoked", clientId];
        return RedirectToPage();
    }
}
