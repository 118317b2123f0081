using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The tenant's quarantine: what could not become a request message and why, the original for download, a retry
/// through the mail ingest, deletion.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class QuarantineModel(TenantDbContext db, TenantContext tenant, MailIngest ingest, IStringLocalizer<RequestsTexts> texts) : PageModel
{
    /// <summary>The page number, as <c>p</c>: Razor Pages keeps the name <c>page</c> for the page's own route value.</summary>
    [BindProperty(Name = "p", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public ListPage<QuarantineItem> List { get; } = new();

    /// <summary>The names of the tenant's inbound and system accounts by id.</summary>
    public IReadOnlyDictionary<Guid, string> Accounts { get; private set; } = new Dictionary<Guid, string>();

    public string? TimeZone { get; private set; }

    public FormErrors Errors { get; } = new();

    [TempData]
    public string? Done { get; set; }

    /// <summary>The request a retried message went into, linked beside <see cref="Done"/>.</summary>
    [TempData]
    public Guid? RetriedRequestId { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await QuarantineEndpoints.DeleteAsync(id, db, cancellationToken);
        if (Errors.AddOutcome(result.Result, "id"))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Done = texts["Deleted"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await QuarantineEndpoints.RetryAsync(id, db, tenant, ingest, cancellationToken);
        if (result.Result is Ok<QuarantineRetried> retried)
        {
            Done = texts["Retried"];
            RetriedRequestId = retried.Value!.Id;
            return RedirectToPage();
        }

        Errors.AddOutcome(result.Result, "id");
        Response.StatusCode = result.Result is NotFound ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Where the request a retried message went into is shown.</summary>
    public string RequestAddress(Guid requestId) => Url.Content($"~/requests/{requestId}");

    /// <summary>Where the original of an entry is downloaded (the API, with the sign-in cookie).</summary>
    public string RawAddress(QuarantineItem item) => Url.Content($"~/api/quarantine/{item.Id}/raw");

    public string PageAddress(int number) => Url.Content("~/admin/quarantine") + "?p=" + RequestPages.Invariant(number);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        var inbound = await db.InboundAccounts.AsNoTracking().Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken);
        var system = await db.SystemAccounts.AsNoTracking().Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken);
        Accounts = inbound.Concat(system).ToDictionary(a => a.Id, a => a.Name);
        var result = await QuarantineEndpoints.ListAsync(db, RequestPages.Invariant(PageNumber), RequestPages.Invariant(CrmPages.PageSize), cancellationToken);
        List.Fill(result.Result, Errors, Response, "page");
    }
}
