using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Letters;

/// <summary>
/// A letter from the request page's form: the PDF as a download, or written to the tenant's output directory and
/// named here; the form again with its problems beside its fields.
/// </summary>
[Authorize(Policy = TenantPermissions.PolicyPrefix + nameof(Permission.ExportLetters))]
[MultiLineText("recipient")]
public sealed class ExportModel(TenantDbContext db, LetterExports exports) : PageModel
{
    public LetterForm Form { get; private set; } = null!;

    public long Number { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await ShowAsync(id, null, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? answerId, string? recipient, bool store, CancellationToken cancellationToken)
    {
        var scope = (await RequestScope.BindAsync(HttpContext))!;
        var outcome = await exports.ExportAsync(scope, User, id, new LetterInput(answerId, LetterForm.Lines(recipient)), store, cancellationToken);
        if (outcome is null)
        {
            return NotFound();
        }

        if (outcome is { Pdf: { } pdf, FileName: { } name })
        {
            return File(pdf, "application/pdf", name);
        }

        if (await ShowAsync(id, scope, cancellationToken) is { } missing)
        {
            return missing;
        }

        Form = Form with { AnswerId = answerId, Recipient = recipient ?? "", StoredAs = outcome.Stored ? outcome.FileName : null };
        Form.Errors.Add(outcome.Errors ?? new Dictionary<string, string[]>());
        if (outcome.Problem is { } problem)
        {
            Form.Errors.Add("", problem.Detail);
            Response.StatusCode = problem.Status;
        }
        else if (outcome.Errors is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>Fills the form from the request's proposal; NotFound when the caller does not see the request.</summary>
    private async Task<IActionResult?> ShowAsync(Guid id, RequestScope? scope, CancellationToken cancellationToken)
    {
        scope ??= (await RequestScope.BindAsync(HttpContext))!;
        if (await exports.ProposeAsync(scope, id, cancellationToken) is not { } proposal)
        {
            return NotFound();
        }

        Number = await db.Requests.AsNoTracking().Where(r => r.Id == id).Select(r => r.Number).SingleAsync(cancellationToken);
        Form = LetterForm.Of(id, proposal, await RequestPages.TimeZoneAsync(db, cancellationToken));
        return null;
    }
}
