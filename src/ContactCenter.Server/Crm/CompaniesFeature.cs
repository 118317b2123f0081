using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Partitions;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Crm;

public sealed record CompanyInput(
    string? Name, string? AddressLine1, string? AddressLine2, string? PostalCode, string? City, string? Country,
    string? Phone, string? Email, string? Website, Guid? PartitionId);

public sealed record CompanyItem(
    Guid Id, string Name, string? AddressLine1, string? AddressLine2, string? PostalCode, string? City, string? Country,
    string? Phone, string? Email, string? Website, Guid? PartitionId);

/// <summary>Companies the contacts work for: everyone who works for the tenant may create, edit, find and delete them (the pages under <c>/companies</c> call the same handlers).</summary>
public static class CompaniesFeature
{
    public static IEndpointRouteBuilder MapCompanies(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/companies").WithTags("Companies").RequireTenant().RequireAuthorization(TenantRoles.Member);
        api.MapGet("/", SearchAsync);
        api.MapGet("/{id:guid}", async Task<Results<Ok<CompanyItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(ToItem).SingleOrDefaultAsync(ct) is { } company
                ? TypedResults.Ok(company)
                : TypedResults.NotFound());
        api.MapPost("/", CreateAsync);
        api.MapPut("/{id:guid}", UpdateAsync);
        api.MapDelete("/{id:guid}", DeleteAsync);
        return app;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Company, CompanyItem>> ToItem = c =>
        new CompanyItem(c.Id, c.Name, c.AddressLine1, c.AddressLine2, c.PostalCode, c.City, c.Country, c.Phone, c.Email, c.Website, c.PartitionId);

    private static readonly Func<Company, CompanyItem> Project = ToItem.Compile();

    /// <summary>Deletes a company; its contacts stay and the database clears their company reference.</summary>
    internal static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken)
    {
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null)
        {
            return TypedResults.NotFound();
        }

        db.Companies.Remove(company);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Finds companies whose name or e-mail contains <paramref name="q"/> (any case).</summary>
    internal static async Task<Results<Ok<ResultPage<CompanyItem>>, ValidationProblem>> SearchAsync(
        TenantDbContext db, string? q, Guid? partitionId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (number, size) = Paging.Read(errors, page, pageSize);
        var term = errors.Text("q", q, 200)?.ToLowerInvariant();
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = db.Companies.AsNoTracking();
        if (term is not null)
        {
#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(); the culture-taking overloads do not translate.
            query = query.Where(c => c.Name.ToLower().Contains(term) || c.Email!.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (partitionId is not null)
        {
            query = query.Where(c => c.PartitionId == partitionId);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((number - 1) * size).Take(size).Select(ToItem).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ResultPage<CompanyItem>(items, total, number, size));
    }

    internal static async Task<Results<Created<CompanyItem>, ValidationProblem>> CreateAsync(CompanyInput input, TenantDbContext db, CancellationToken cancellationToken)
    {
        var company = new Company { Name = "" };
        var errors = await ValidatedSave.AddAsync(db, company, () => ApplyAsync(input, company, db, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Created($"companies/{company.Id}", Project(company));
    }

    internal static async Task<Results<Ok<CompanyItem>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, CompanyInput input, TenantDbContext db, CancellationToken cancellationToken)
    {
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null)
        {
            return TypedResults.NotFound();
        }

        var errors = await ValidatedSave.SaveAsync(db, () => ApplyAsync(input, company, db, cancellationToken), cancellationToken);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(Project(company));
    }

    /// <summary>Validates the input and, only when it is valid, copies it onto the company.</summary>
    private static async Task<FieldErrors> ApplyAsync(CompanyInput input, Company company, TenantDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", input.Name, Company.NameMaxLength, required: true);
        var line1 = errors.Text("addressLine1", input.AddressLine1, Company.LineMaxLength);
        var line2 = errors.Text("addressLine2", input.AddressLine2, Company.LineMaxLength);
        var postalCode = errors.Text("postalCode", input.PostalCode, 20);
        var city = errors.Text("city", input.City, Company.LineMaxLength);
        var country = errors.Text("country", input.Country, 100);
        var phone = errors.Text("phone", input.Phone, 50);
        var email = errors.Email("email", input.Email, Contact.EmailMaxLength);
        var website = errors.WebAddress("website", input.Website, 500);
        await PartitionAssignment.CheckAsync(errors, db, input.PartitionId, company.PartitionId, cancellationToken);

        if (!errors.Any)
        {
            (company.Name, company.AddressLine1, company.AddressLine2, company.PostalCode, company.City, company.Country) = (name!, line1, line2, postalCode, city, country);
            (company.Phone, company.Email, company.Website, company.PartitionId) = (phone, email, website, input.PartitionId);
        }

        return errors;
    }
}
