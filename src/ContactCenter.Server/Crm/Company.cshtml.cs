using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Partitions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Crm;

/// <summary>Creates (without an id) or edits one company through the API's handlers, so the page and the API share one set of rules.</summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class CompanyModel(TenantDbContext db, IStringLocalizer<CrmTexts> texts) : PageModel
{
    public Guid? Id { get; private set; }

    public CompanyInput Input { get; private set; } = new(null, null, null, null, null, null, null, null, null, null);

    public IReadOnlyList<(Guid Id, string Name)> Partitions { get; private set; } = [];

    public int ContactCount { get; private set; }

    public FormErrors Errors { get; } = new();

    [TempData]
    public string? Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        if (id is { } existing)
        {
            if (await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == existing, cancellationToken) is not { } company)
            {
                return NotFound();
            }

            Input = new CompanyInput(company.Name, company.AddressLine1, company.AddressLine2, company.PostalCode, company.City, company.Country,
                company.Phone, company.Email, company.Website, company.PartitionId);
        }

        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, [FromForm] CompanyInput input, CancellationToken cancellationToken)
    {
        (Id, Input) = (id, input);
        if (!Errors.AddUnbound(ModelState))
        {
            IResult result = id is { } existing
                ? (await CompaniesFeature.UpdateAsync(existing, input, db, cancellationToken)).Result
                : (await CompaniesFeature.CreateAsync(input, db, cancellationToken)).Result;
            switch (result)
            {
                case NotFound _:
                    return NotFound();
                case Created<CompanyItem> { Value: { } created }:
                    Saved = texts["CompanyCreated", created.Name];
                    return Redirect(Url.Content($"~/companies/edit/{created.Id}"));
                case Ok<CompanyItem> { Value: { } updated }:
                    Saved = texts["CompanySaved", updated.Name];
                    return Redirect(Url.Content($"~/companies/edit/{updated.Id}"));
            }

            Errors.AddOutcome(result, "name");
        }

        await LoadChoicesAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        var current = Id is { } id ? await db.Companies.Where(c => c.Id == id).Select(c => c.PartitionId).SingleOrDefaultAsync(cancellationToken) : null;
        Partitions = await PartitionAssignment.ChoicesAsync(db, current, cancellationToken);
        ContactCount = Id is { } company ? await db.Contacts.CountAsync(c => c.CompanyId == company, cancellationToken) : 0;
    }
}
