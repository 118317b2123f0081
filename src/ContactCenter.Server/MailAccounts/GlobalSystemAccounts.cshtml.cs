using ContactCenter.Data.Catalog;
using ContactCenter.Server.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// The platform operator's global system accounts: listed with a form to add and edit them, deleted from the list.
/// Validation is the API's (and a tenant's own system accounts'), so both refuse the same input with the same messages.
/// </summary>
[Authorize(Policy = PlatformFeature.OperatorPolicy)]
public sealed class GlobalSystemAccountsModel(CatalogDbContext catalog, IStringLocalizer<MailAccountsTexts> texts) : PageModel
{
    public IReadOnlyList<SystemAccountItem> Accounts { get; private set; } = [];

    /// <summary>Per-field errors of the form just posted (e.g. <c>emailAddress</c>).</summary>
    public FormErrors Errors { get; } = new();

    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    [BindProperty]
    public SystemAccountRequest? Form { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Edit is { } id)
        {
            if (Accounts.FirstOrDefault(a => a.Id == id) is not { } account)
            {
                return NotFound();
            }

            Form = new SystemAccountRequest(account.Type, account.Name, account.EmailAddress, account.Protocol, account.Weighting);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var request = Form ?? new SystemAccountRequest(null, null, null, null, null);
        var account = Edit is { } id ? await catalog.GlobalSystemAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        if (Edit is not null && account is null)
        {
            return NotFound();
        }

        var target = account ?? new GlobalSystemAccount { Name = "", EmailAddress = "" };
        var errors = await GlobalSystemAccountHandlers.ApplyAsync(target, request, catalog, cancellationToken);
        // A weighting the binder could not read at all (letters in a number field) is a field error too.
        if (ModelState.TryGetValue("Form.Weighting", out var weighting) && weighting.Errors.Count > 0)
        {
            errors.Add("weighting", texts["EnterNumber"]);
        }

        if (errors.Any)
        {
            Errors.Add(errors.ToDictionary());
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        if (account is null)
        {
            catalog.GlobalSystemAccounts.Add(target);
        }

        await catalog.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await catalog.GlobalSystemAccounts.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) > 0 ? RedirectToPage() : NotFound();

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Accounts = (await GlobalSystemAccountHandlers.ListAsync(catalog, cancellationToken)).Value ?? [];
}
