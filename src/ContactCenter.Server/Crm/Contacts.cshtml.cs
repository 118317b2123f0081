using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Crm;

/// <summary>Finds the tenant's contacts by name, e-mail or company, a page at a time, through the API's search.</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class ContactsModel(TenantDbContext db) : PageModel
{
    /// <summary>A found contact with the names of its company and partition.</summary>
    public sealed record Row(ContactItem Contact, string? Company, string? Partition)
    {
        public string Name => ContactsModel.Name(Contact);
    }

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

    /// <summary>Shown after a contact was created or deleted.</summary>
    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Errors.AddUnbound(ModelState))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var result = await ContactsFeature.SearchAsync(db, Q, null, null, PageNumber, CrmPages.PageSize, cancellationToken);
        if (result.Result is not Ok<ResultPage<ContactItem>> { Value: { } found })
        {
            Errors.AddOutcome(result.Result, "q");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        (Total, Current) = (found.Total, found.Page);
        PageLinks = CrmPages.PageLinks(found.Page, found.Total);
        var companyIds = found.Items.Where(c => c.CompanyId is not null).Select(c => c.CompanyId!.Value).Distinct().ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var partitions = await db.ClientPartitions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        Rows = found.Items.Select(c => new Row(c,
            c.CompanyId is { } company ? companies.GetValueOrDefault(company) : null,
            c.PartitionId is { } partition ? partitions.GetValueOrDefault(partition) : null)).ToList();
    }

    /// <summary>How a contact is named in lists and titles: salutation and names, else the e-mail address.</summary>
    public static string Name(ContactItem contact)
    {
        var name = string.Join(' ', new[] { contact.Salutation, contact.FirstName, contact.LastName }.Where(part => part is not null));
        return contact.LastName is null && contact.FirstName is null ? contact.Email ?? name : name;
    }
}
