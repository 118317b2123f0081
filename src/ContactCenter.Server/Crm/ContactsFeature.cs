using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Partitions;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Crm;

/// <summary>A contact as written; the postal address (street, postal code, city, country) is optional, letters fall back to the company's.</summary>
public sealed record ContactInput(
    string? Salutation, string? FirstName, string? LastName, string? Email, string? Phone, Guid? CompanyId, Guid? PartitionId, string? Notes,
    string? Street = null, string? PostalCode = null, string? City = null, string? Country = null);

public sealed record ContactItem(
    Guid Id, string? Salutation, string? FirstName, string? LastName, string? Email, string? Phone, Guid? CompanyId, Guid? PartitionId, string? Notes,
    string? Street = null, string? PostalCode = null, string? City = null, string? Country = null);

/// <summary>A client partition an agent may assign a contact to.</summary>
public sealed record PartitionChoice(Guid Id, string Name);

/// <summary>Contacts: everyone who works for the tenant may create, edit, find and delete them (the pages under <c>/contacts</c> call the same handlers).</summary>
public static class ContactsFeature
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<CrmTexts>();

    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/contacts").WithTags("Contacts").WithMetadata(new MultiLineTextAttribute("notes")).RequireTenant().RequireAuthorization(TenantRoles.Member);
        api.MapGet("/", SearchAsync);
        api.MapGet("/{id:guid}", async Task<Results<Ok<ContactItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(ToItem).SingleOrDefaultAsync(ct) is { } contact
                ? TypedResults.Ok(contact)
                : TypedResults.NotFound());
        // The drop-down of partitions for agents: only enabled ones (administrators manage all of them under /api/partitions).
        api.MapGet("/partitions", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok(
            await db.ClientPartitions.AsNoTracking().Where(p => p.Enabled).OrderBy(p => p.Name).Select(p => new PartitionChoice(p.Id, p.Name)).ToListAsync(ct)));
        api.MapPost("/", CreateAsync);
        api.MapPut("/{id:guid}", UpdateAsync);
        api.MapDelete("/{id:guid}", DeleteAsync);
        return app;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Contact, ContactItem>> ToItem = c =>
        new ContactItem(c.Id, c.Salutation, c.FirstName, c.LastName, c.Email, c.Phone, c.CompanyId, c.PartitionId, c.Notes, c.Street, c.PostalCode, c.City, c.Country);

    private static readonly Func<Contact, ContactItem> Project = ToItem.Compile();

    /// <summary>Deletes a contact; the database cascades its activity history.</summary>
    internal static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            return TypedResults.NotFound();
        }

        // Tracked removal, so the audit trail records it.
        db.Contacts.Remove(contact);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Finds contacts whose first name, last name, e-mail or company name contains <paramref name="q"/> (any case).</summary>
    internal static async Task<Results<Ok<ResultPage<ContactItem>>, ValidationProblem>> SearchAsync(
        TenantDbContext db, string? q, Guid? partitionId, Guid? companyId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (number, size) = Paging.Read(errors, page, pageSize);
        var term = errors.Text("q", q, 200)?.ToLowerInvariant();
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = db.Contacts.AsNoTracking();
        if (term is not null)
        {
#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(); the culture-taking overloads do not translate.
            query = query.Where(c => c.LastName!.ToLower().Contains(term) || c.FirstName!.ToLower().Contains(term) || c.Email!.ToLower().Contains(term)
                || c.Company!.Name.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (partitionId is not null)
        {
            query = query.Where(c => c.PartitionId == partitionId);
        }

        if (companyId is not null)
        {
            query = query.Where(c => c.CompanyId == companyId);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .Skip((number - 1) * size).Take(size).Select(ToItem).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ResultPage<ContactItem>(items, total, number, size));
    }

    internal static async Task<Results<Created<ContactItem>, ValidationProblem>> CreateAsync(ContactInput input, TenantDbContext db, CancellationToken cancellationToken)
    {
        var contact = new Contact();
        var errors = await ValidatedSave.AddAsync(db, contact, () => ApplyAsync(input, contact, db, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Created($"contacts/{contact.Id}", Project(contact));
    }

    internal static async Task<Results<Ok<ContactItem>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, ContactInput input, TenantDbContext db, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            return TypedResults.NotFound();
        }

        var errors = await ValidatedSave.SaveAsync(db, () => ApplyAsync(input, contact, db, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(Project(contact));
    }

    /// <summary>Validates the input and, only when it is valid, copies it onto the contact.</summary>
    private static async Task<FieldErrors> ApplyAsync(ContactInput input, Contact contact, TenantDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var salutation = errors.Text("salutation", input.Salutation, 50);
        var firstName = errors.Text("firstName", input.FirstName, Contact.NameMaxLength);
        var lastName = errors.Text("lastName", input.LastName, Contact.NameMaxLength);
        var email = errors.Email("email", input.Email, Contact.EmailMaxLength);
        var phone = errors.Text("phone", input.Phone, 50);
        var notes = errors.Text("notes", input.Notes, Contact.NotesMaxLength);
        var street = errors.Text("street", input.Street, Company.LineMaxLength);
        var postalCode = errors.Text("postalCode", input.PostalCode, 20);
        var city = errors.Text("city", input.City, Company.LineMaxLength);
        var country = errors.Text("country", input.Country, 100);
        if (lastName is null && email is null && !errors.Any)
        {
            errors.Add("lastName", Texts["LastNameOrEmail"]);
        }

        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            errors.Add("companyId", Texts["ChooseExistingCompany"]);
        }

        await PartitionAssignment.CheckAsync(errors, db, input.PartitionId, contact.PartitionId, cancellationToken);

        if (!errors.Any)
        {
            (contact.Salutation, contact.FirstName, contact.LastName, contact.Email, contact.Phone, contact.Notes) = (salutation, firstName, lastName, email, phone, notes);
            (contact.CompanyId, contact.PartitionId) = (input.CompanyId, input.PartitionId);
            (contact.Street, contact.PostalCode, contact.City, contact.Country) = (street, postalCode, city, country);
        }

        return errors;
    }
}
