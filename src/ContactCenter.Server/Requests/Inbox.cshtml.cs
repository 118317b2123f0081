using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The agent's inbox: the open and waiting requests of the caller's scope, the soonest due first, overdue and due-today
/// ones marked; filters for status, category, partition, due, "only mine" and text, through the API's list.
/// </summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class InboxModel(TenantDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The status filter's choices, as the API names them; <c>active</c> (open and waiting) first.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["active", "open", "waiting"];

    /// <summary>The due filter's choices; empty for any time.</summary>
    public static readonly IReadOnlyList<string> DueChoices = ["", "overdue", "today"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? CategoryId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? PartitionId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Due { get; set; }

    /// <summary>Only the requests assigned to the caller.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public ListPage<RequestListItem> List { get; } = new();

    public IReadOnlyDictionary<Guid, string> Categories { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Partitions { get; private set; } = new Dictionary<Guid, string>();

    public string? TimeZone { get; private set; }

    /// <summary>Now, and the end of the tenant's day: what is due before them is overdue, or due today.</summary>
    public (DateTime Now, DateTime EndOfToday) Marks { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        Partitions = await db.ClientPartitions.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        Marks = (clock.GetUtcNow().UtcDateTime, await RequestsEndpoints.EndOfTodayAsync(db, clock, cancellationToken));
        if (Errors.AddUnbound(ModelState))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var result = await RequestsEndpoints.ListAsync(db, (await RequestScope.BindAsync(HttpContext))!, User, clock, Status ?? Statuses[0], CategoryId?.ToString(), Q,
            RequestPages.Invariant(PageNumber), RequestPages.Invariant(CrmPages.PageSize), PartitionId?.ToString(), Mine ? "me" : null, Due, "due", cancellationToken);
        List.Fill(result.Result, Errors, Response, "q");
    }

    /// <summary>How the row's due time stands: <c>overdue</c>, <c>today</c> or empty.</summary>
    public string DueMark(RequestListItem row) =>
        row.DueAt is not { } due ? "" : due < Marks.Now ? "overdue" : due < Marks.EndOfToday ? "today" : "";

    /// <summary>The address of another page of the same filters.</summary>
    public string PageAddress(int number) =>
        Url.Content("~/inbox") + QueryString.Create(new Dictionary<string, string?>
        {
            ["status"] = Status, ["categoryId"] = CategoryId?.ToString(), ["partitionId"] = PartitionId?.ToString(), ["due"] = Due,
            ["mine"] = Mine ? "true" : null, ["q"] = Q, ["p"] = RequestPages.Invariant(number),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
