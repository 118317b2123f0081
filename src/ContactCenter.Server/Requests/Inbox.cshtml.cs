using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The agent's inbox: the open and waiting requests of the caller's scope, the soonest due first, overdue and due-today
/// ones marked; filters for status, category, partition, due, "only mine" and text, through the API's list.
/// </summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class InboxModel(TenantDbContext db, TimeProvider clock) : RequestListPageModel(db, clock)
{
    private static readonly RequestListLayout ListLayout = new("inbox", "InboxEmpty", "filters",
        [RequestColumn.Due, RequestColumn.Number, RequestColumn.Subject, RequestColumn.Status, RequestColumn.Category, RequestColumn.Priority,
            RequestColumn.ContactEmail, RequestColumn.Messages], IsInbox: true);

    private IReadOnlyDictionary<Guid, string> _partitions = new Dictionary<Guid, string>();

    [BindProperty(SupportsGet = true)]
    public Guid? PartitionId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Due { get; set; }

    /// <summary>Only the requests assigned to the caller.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    /// <summary>Only the requests in the 2nd-level folder (waiting for an external contact they were forwarded to).</summary>
    [BindProperty(SupportsGet = true)]
    public bool SecondLevel { get; set; }

    public override bool? OnlySecondLevel => SecondLevel;

    /// <summary>Now, and the end of the tenant's day: what is due before them is overdue, or due today.</summary>
    public (DateTime Now, DateTime EndOfToday) Marks { get; private set; }

    /// <summary>The status filter's choices, as the API names them; <c>active</c> (open and waiting) first.</summary>
    public override IReadOnlyList<string> StatusChoices { get; } = ["active", "open", "waiting"];

    public override RequestListLayout Layout => ListLayout;

    public override IReadOnlyDictionary<Guid, string> Partitions => _partitions;

    public override Guid? SelectedPartition => PartitionId;

    /// <summary>The due filter's choices; empty for any time.</summary>
    public override IReadOnlyList<string> DueChoices { get; } = ["", "overdue", "today"];

    public override string? SelectedDue => Due;

    public override bool? OnlyMine => Mine;

    public override string DueMark(RequestListItem row) =>
        row.DueAt is not { } due ? "" : due < Marks.Now ? "overdue" : due < Marks.EndOfToday ? "today" : "";

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        _partitions = await Db.ClientPartitions.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        Marks = (Clock.GetUtcNow().UtcDateTime, await RequestsEndpoints.EndOfTodayAsync(Db, Clock, cancellationToken));
    }

    protected override Task<Results<Ok<ResultPage<RequestListItem>>, ValidationProblem>> ListAsync(
        RequestScope scope, string status, string? page, string? pageSize, CancellationToken cancellationToken) =>
        RequestsEndpoints.ListAsync(Db, scope, User, Clock, status, CategoryId?.ToString(), Q, page, pageSize, PartitionId?.ToString(), Mine ? "me" : null, Due,
            "due", SecondLevel ? RequestsEndpoints.SecondLevelFolder : null, cancellationToken);

    protected override IEnumerable<KeyValuePair<string, string?>> Filters() =>
        [new("status", Status), new("categoryId", CategoryId?.ToString()), new("partitionId", PartitionId?.ToString()), new("due", Due),
            new("mine", Mine ? "true" : null), new("secondLevel", SecondLevel ? "true" : null), new("q", Q)];
}
