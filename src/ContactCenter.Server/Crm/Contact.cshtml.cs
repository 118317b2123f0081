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

/// <summary>Creates (without an id) or edits one contact through the API's handlers, so the page and the API share one set of rules.</summary>
[Authorize(Policy = TenantRoles.Member)]
[MultiLineText("notes")]
public sealed class ContactModel(TenantDbContext db, IStringLocalizer<CrmTexts> texts) : PageModel
{
    public Guid? Id { get; private set; }

    public ContactInput Input { get; private set; } = new(null, null, null, null, null, null, null, null);

    public IReadOnlyList<(Guid Id, string Name)> Companies { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Partitions { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    [TempData]
    public string? Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        if (id is { } existing)
        {
            if (await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == existing, cancellationToken) is not { } contact)
            {
                return NotFound();
            }

            Input = new ContactInput(contact.Salutation, contact.FirstName, contact.LastName, contact.Email, contact.Phone, contact.CompanyId, contact.PartitionId, contact.Notes,
                contact.Street, contact.PostalCode, contact.City, contact.Country);
        }

        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, [FromForm] ContactInput input, CancellationToken cancellationToken)
    {
        (Id, Input) = (id, input);
        if (!Errors.AddUnbound(ModelState))
        {
            IResult result = id is { } existing
                ? (await ContactsFeature.UpdateAsync(existing, input, db, cancellationToken)).Result
                : (await ContactsFeature.CreateAsync(input, db, cancellationToken)).Result;
            switch (result)
            {
                case NotFound _:
                    return NotFound();
                case Created<ContactItem> { Value: { } created }:
                    Saved = texts["ContactCreated", ContactsModel.Name(created)];
                    return Redirect(Url.Content($"~/contacts/edit/{created.Id}"));
                case Ok<ContactItem> { Value: { } updated }:
                    Saved = texts["ContactSaved", ContactsModel.Name(updated)];
                    return Redirect(Url.Content($"~/contacts/edit/{updated.Id}"));
            }

            Errors.AddOutcome(result, "name");
        }

        // The partition the contact is in stays on offer even when it was disabled since.
        await LoadChoicesAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        var current = Id is { } id ? await db.Contacts.Where(c => c.Id == id).Select(c => c.PartitionId).SingleOrDefaultAsync(cancellationToken) : null;
        Partitions = await PartitionAssignment.ChoicesAsync(db, current, cancellationToken);
        Companies = (await db.Companies.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();
    }
}
