using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Crm;

/// <summary>Finds the tenant's companies by name or e-mail, a page at a time, through the API's search.</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class CompaniesModel(TenantDbContext db) : PageModel
{
    /// <summary>A found company with the name of its partition.</summary>
    public sealed record Row(CompanyItem Company, string? Partition);

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The page number, as <c>p</c>: Razor Pages keeps the name <c>page</c> for the page's own route value.</summary>
    [BindProperty(Name = "p", SupportsGet = true)]
    public int? PageNumber { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Current { get; private set; } = 1;

    public IReadOnlyList<int> PageLinks { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    /// <summary>Shown after a company was deleted.</summary>
    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Errors.AddUnbound(ModelState))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var result = await CompaniesFeature.SearchAsync(db, Q, null, PageNumber, CrmPages.PageSize, cancellationToken);
        if (result.Result is not Ok<ResultPage<CompanyItem>> { Value: { } found })
        {
            Errors.AddOutcome(result.Result, "q");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        (Total, Current) = (found.Total, found.Page);
        PageLinks = CrmPages.PageLinks(found.Page, found.Total);
        var partitions = await db.ClientPartitions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        Rows = found.Items.Select(c => new Row(c, c.PartitionId is { } partition ? partitions.GetValueOrDefault(partition) : null)).ToList();
    }
}
