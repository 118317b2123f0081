using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Requests;

/// <summary>The tenant's requests by status, category and text, a page at a time, through the API's list.</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class RequestsModel(TenantDbContext db, TimeProvider clock) : RequestListPageModel(db, clock)
{
    private static readonly RequestListLayout ListLayout = new("requests", "NoRequests", "status",
        [RequestColumn.Number, RequestColumn.Subject, RequestColumn.Status, RequestColumn.Category, RequestColumn.Priority, RequestColumn.ContactEmail,
            RequestColumn.Messages, RequestColumn.Updated, RequestColumn.Due], IsInbox: false);

    /// <summary>The status filter's choices, as the API names them.</summary>
    public override IReadOnlyList<string> StatusChoices { get; } = ["open", "waiting", "closed", "escalated", "all"];

    public override RequestListLayout Layout => ListLayout;

    protected override Task<Results<Ok<ResultPage<RequestListItem>>, ValidationProblem>> ListAsync(
        RequestScope scope, string status, string? page, string? pageSize, CancellationToken cancellationToken) =>
        RequestsEndpoints.ListAsync(Db, scope, User, Clock, status, CategoryId?.ToString(), Q, page, pageSize, null, null, null, null, null, cancellationToken);
}
