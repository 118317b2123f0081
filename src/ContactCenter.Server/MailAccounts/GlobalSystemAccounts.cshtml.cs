using ContactCenter.Data.Catalog;
using ContactCenter.Server.Platform;
using ContactCenter.Server.MailFetching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
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
public sealed class GlobalSystemAccountsModel(
    CatalogDbContext catalog, IDataProtectionProvider protection, PublicAddressPolicy hosts, IConfiguration configuration, MailFetchDirectory directory,
    MailFetchStatuses statuses, IStringLocalizer<MailAccountsTexts> texts) : PageModel
{
    public IReadOnlyList<SystemAccountItem> Accounts { get; private set; } = [];

    /// <summary>How fetching went, by account id; the times are shown in UTC (no tenant's zone applies).</summary>
    public IReadOnlyDictionary<Guid, MailFetchStatus> FetchStatuses { get; private set; } = new Dictionary<Guid, MailFetchStatus>();

    public ConnectionTestResult? TestResult { get; private set; }

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

            Form = SystemAccountForms.Of(account);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var request = SystemAccountForms.Posted(Form);
        var account = Edit is { } id ? await catalog.GlobalSystemAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        if (Edit is not null && account is null)
        {
            return NotFound();
        }

        var target = account ?? new GlobalSystemAccount { Name = "", EmailAddress = "" };
        var errors = await GlobalSystemAccountHandlers.ApplyAsync(target, request, catalog, protection, hosts, cancellationToken);
        // A number the binder could not read at all (letters in a number field) is a field error too.
        foreach (var field in new[] { "weighting", "port" })
        {
            if (ModelState.TryGetValue("Form." + field, out var entry) && entry.Errors.Count > 0)
            {
                errors.Add(field, texts["EnterNumber"]);
            }
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
        await directory.SyncGlobalAsync(cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await GlobalSystemAccountHandlers.DeleteAccountAsync(id, catalog, directory, cancellationToken) ? RedirectToPage() : NotFound();

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken)
    {
        if ((await GlobalSystemAccountHandlers.TestAsync(id, catalog, protection, configuration, cancellationToken)).Result is not Ok<ConnectionTestResult> tested)
        {
            return NotFound();
        }

        TestResult = tested.Value;
        Edit = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Accounts = (await GlobalSystemAccountHandlers.ListAsync(catalog, cancellationToken)).Value ?? [];
        FetchStatuses = await statuses.OfTenantAsync(null, cancellationToken);
    }
}
