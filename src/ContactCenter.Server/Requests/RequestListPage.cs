using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>A column of the request table, in the order a page lists them.</summary>
public enum RequestColumn
{
    /// <summary>The due time, with the overdue and due-today marks of <see cref="RequestListPageModel.DueMark"/>.</summary>
    Due,
    Number,
    Subject,
    Status,
    Category,
    Priority,
    ContactEmail,
    Messages,
    Updated,
}

/// <summary>
/// How a request list page differs from the other: its address, the texts of its heading and empty list, the name its
/// filter error is shown under, its columns, and whether it is the inbox (whose form and table carry <c>data-inbox…</c>).
/// </summary>
public sealed record RequestListLayout(string Path, string EmptyTextKey, string FilterErrorFor, IReadOnlyList<RequestColumn> Columns, bool IsInbox);

/// <summary>
/// What /inbox and /requests share, drawn by the <c>_RequestList</c> partial: the filter form (status, category, text,
/// and whatever filters a page adds), the count, the table and the page links, over the API's list.
/// </summary>
public abstract class RequestListPageModel(TenantDbContext db, TimeProvider clock) : PageModel
{
    protected TenantDbContext Db { get; } = db;

    protected TimeProvider Clock { get; } = clock;

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

    /// <summary>The status filter's choices, as the API names them; the first is the default.</summary>
    public abstract IReadOnlyList<string> StatusChoices { get; }

    public abstract RequestListLayout Layout { get; }

    /// <summary>The client partitions to filter by; none shows no partition filter.</summary>
    public virtual IReadOnlyDictionary<Guid, string> Partitions => new Dictionary<Guid, string>();

    public virtual Guid? SelectedPartition => null;

    /// <summary>The due filter's choices (empty for any time); none shows no due filter.</summary>
    public virtual IReadOnlyList<string> DueChoices => [];

    public virtual string? SelectedDue => null;

    /// <summary>Whether "only mine" is ticked; null shows no such box.</summary>
    public virtual bool? OnlyMine => null;

    /// <summary>Whether "only the 2nd-level folder" is ticked; null shows no such box.</summary>
    public virtual bool? OnlySecondLevel => null;

    /// <summary>The first error of the filters other than the text.</summary>
    public string? FilterError => Errors["status"] ?? Errors["categoryId"] ?? Errors["partitionId"] ?? Errors["due"] ?? Errors["folder"];

    public string? SearchError => Errors["q"] ?? Errors["page"] ?? Errors["p"];

    /// <summary>How the row's due time stands: <c>overdue</c>, <c>today</c> or empty.</summary>
    public virtual string DueMark(RequestListItem row) => "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Categories = await Db.Categories.AsNoTracking().OrderBy(c => c.Name).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        TimeZone = await RequestPages.TimeZoneAsync(Db, cancellationToken);
        await LoadAsync(cancellationToken);
        if (Errors.AddUnbound(ModelState))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var scope = (await RequestScope.BindAsync(HttpContext))!;
        List.Fill((await ListAsync(scope, Status ?? StatusChoices[0], RequestPages.Invariant(PageNumber), RequestPages.Invariant(CrmPages.PageSize), cancellationToken)).Result,
            Errors, Response, "q");
    }

    /// <summary>The address of another page of the same filters.</summary>
    public string PageAddress(int number) =>
        Url.Content("~/" + Layout.Path) + QueryString.Create(Filters().Append(new("p", RequestPages.Invariant(number))).Where(p => !string.IsNullOrEmpty(p.Value)));

    /// <summary>What a page looks up besides the categories and the time zone.</summary>
    protected virtual Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The API's list with the page's filters.</summary>
    protected abstract Task<Results<Ok<ResultPage<RequestListItem>>, ValidationProblem>> ListAsync(
        RequestScope scope, string status, string? page, string? pageSize, CancellationToken cancellationToken);

    /// <summary>The page's filters as its query string names them, in order.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Filters() =>
        [new("status", Status), new("categoryId", CategoryId?.ToString()), new("q", Q)];
}
