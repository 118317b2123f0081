using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The inbox of a person signed in for all their tenants (<c>/inbox/all</c>): each tenant's open and waiting requests
/// as that tenant's request list gives them to the person (their scope there), soonest due first across the tenants,
/// each row naming its tenant and leading to the request in it. Tenants the session may not reach are left out.
/// </summary>
public sealed class AllInboxModel(PersonDirectory people, TenantDatabaseFactory databases, TimeProvider clock) : PageModel
{
    /// <summary>Rows per page, as the other lists of the pages.</summary>
    public const int PageSize = CrmPages.PageSize;

    /// <summary>The most rows read from one tenant: the list does not page deeper than this.</summary>
    public const int MaxDepth = 1_000;

    public IReadOnlyList<AllInboxRow> Rows { get; private set; } = [];

    /// <summary>The tenants shown, by name.</summary>
    public IReadOnlyList<PersonTenant> Tenants { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>The page numbers to link (0 marks a gap).</summary>
    public IReadOnlyList<int> Links => CrmPages.PageLinks(PageNumber, Math.Min(Total, MaxDepth));

    public int PageNumber { get; private set; } = 1;

    public string? Q { get; private set; }

    public string? Due { get; private set; }

    public bool Mine { get; private set; }

    /// <summary>The filters' problem (an unknown due choice, a search too long), as the tenant lists say it.</summary>
    public string? FilterError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? due, bool mine, int? page, CancellationToken cancellationToken)
    {
        (Q, Due, Mine, PageNumber) = (q, due, mine, Math.Clamp(page ?? 1, 1, MaxDepth / PageSize));
        if (TenantPermissions.PersonIdOf(User) is not { } personId || await people.FindAsync(personId, cancellationToken) is not { } person)
        {
            return Forbid();
        }

        var depth = PageNumber * PageSize;
        var rows = new List<AllInboxRow>();
        var shown = new List<PersonTenant>();
        foreach (var member in person.Tenants.OrderBy(t => t.Name, StringComparer.CurrentCulture))
        {
            if (!await TenantAccess.MayReachAsync(User, member.Slug, people, cancellationToken)
                || await databases.OpenForAsync(member.Id, cancellationToken) is not { } opened)
            {
                continue;
            }

            await using var db = opened.Db;
            shown.Add(member);
            var scope = await RequestScope.OfAsync(User, new TenantContext { Tenant = opened.Tenant }, people, db, cancellationToken);
            var zone = await RequestPages.TimeZoneAsync(db, cancellationToken);
            for (var tenantPage = 1; (tenantPage - 1) * Paging.MaxPageSize < depth; tenantPage++)
            {
                var answer = await RequestsEndpoints.ListAsync(db, scope, User, clock, "active", null, q, RequestPages.Invariant(tenantPage),
                    RequestPages.Invariant(Paging.MaxPageSize), null, mine ? "me" : null, due, "due", null, cancellationToken);
                if (answer.Result is ValidationProblem problem)
                {
                    FilterError = string.Join(" ", problem.ProblemDetails.Errors.SelectMany(e => e.Value));
                    return Page();
                }

                var list = ((Ok<ResultPage<RequestListItem>>)answer.Result).Value!;
                if (tenantPage == 1)
                {
                    Total += list.Total;
                }

                rows.AddRange(list.Items.Select(item => new AllInboxRow(member, item, zone)));
                if (tenantPage * Paging.MaxPageSize >= list.Total)
                {
                    break;
                }
            }
        }

        Tenants = shown;
        Rows = rows.OrderBy(r => r.Item.DueAt is null).ThenBy(r => r.Item.DueAt).ThenBy(r => r.Tenant.Name, StringComparer.CurrentCulture).ThenBy(r => r.Item.Number)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        return Page();
    }

    /// <summary>The address of another page of the list, with the same filters.</summary>
    public string PageAddress(int number) =>
        Url.Page("/Requests/AllInbox", new { q = Q, due = Due, mine = Mine ? "true" : null, page = number })!;

    /// <summary>A request's address in its tenant.</summary>
    public string RequestAddress(AllInboxRow row) => $"/t/{row.Tenant.Slug}/requests/{row.Item.Id}";
}

/// <summary>One row of the inbox over all tenants: the tenant, the request as its list gives it, the tenant's time zone.</summary>
public sealed record AllInboxRow(PersonTenant Tenant, RequestListItem Item, string? TimeZone);
