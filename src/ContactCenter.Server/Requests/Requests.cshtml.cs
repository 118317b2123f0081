using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>The tenant's requests by status, category and text, a page at a time, through the API's list.</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class RequestsModel(TenantDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The status filter's choices, as the API names them.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["open", "waiting", "closed", "all"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CategoryId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The page number, as <c>p</c>: Razor Pages keeps the name <c>page</c> for the page's own route value.</summary>
    [BindProperty(Name = "p", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public ListPage<RequestListItem> List { get; } = new();

    /// <summary>Every category by id, for the filter and the category column.</summary>
    public IReadOnlyDictionary<Guid, string> Categories { get; private set; } = new Dictionary<Guid, string>();

    public string? TimeZone { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        if (Errors.AddUnbound(ModelState))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var result = await RequestsEndpoints.ListAsync(db, (await RequestScope.BindAsync(HttpContext))!, User, clock, Status, CategoryId?.ToString(), Q,
            RequestPages.Invariant(PageNumber), RequestPages.Invariant(CrmPages.PageSize), null, null, null, null, cancellationToken);
        List.Fill(result.Result, Errors, Response, "q");
    }

    /// <summary>The address of another page of the same search.</summary>
    public string PageAddress(int number) =>
        Url.Content("~/requests") + QueryString.Create(new Dictionary<string, string?>
        {
            ["status"] = Status, ["categoryId"] = CategoryId?.ToString(), ["q"] = Q, ["p"] = RequestPages.Invariant(number),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
