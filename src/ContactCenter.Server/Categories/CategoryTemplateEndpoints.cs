using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Categories;

/// <summary>
/// A category's answer templates under <c>/api/categories/{categoryId}/templates</c>: supervisors read them,
/// administrators create, edit and delete them (rules in <see cref="CategoryTemplates"/>).
/// </summary>
public static class CategoryTemplateEndpoints
{
    public static IEndpointRouteBuilder MapCategoryTemplates(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/categories/{categoryId:guid}/templates").WithMetadata(new MultiLineTextAttribute("letterhead", "body", "footer")).RequireTenant().WithTags("Categories");
        templates.MapGet("/", ListAsync).RequireAuthorization(TenantRoles.Supervisor)
            .WithSummary("A category's answer templates, the default first.");
        templates.MapGet("/{templateId:guid}", ReadAsync).RequireAuthorization(TenantRoles.Supervisor);

        var change = templates.MapGroup("/").RequireAuthorization(TenantRoles.Administrator);
        change.MapPost("/", CreateAsync)
            .WithSummary("Adds a template; the category's first template becomes its default, isDefault moves the flag to the new one.");
        change.MapPut("/{templateId:guid}", UpdateAsync)
            .WithSummary("Replaces a template; the default cannot be unflagged, make another template the default instead.");
        change.MapDelete("/{templateId:guid}", DeleteAsync)
            .WithSummary("Deletes a template; when it was the default, the first remaining template by name becomes the default.");
        return app;
    }

    private static async Task<Results<Ok<List<AnswerTemplateItem>>, NotFound>> ListAsync(Guid categoryId, TenantDbContext db, CancellationToken cancellationToken) =>
        await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken)
            ? TypedResults.Ok(await CategoryTemplates.ListAsync(db, categoryId, cancellationToken))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<AnswerTemplateItem>, NotFound>> ReadAsync(Guid categoryId, Guid templateId, TenantDbContext db, CancellationToken cancellationToken) =>
        await db.AnswerTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId && t.CategoryId == categoryId, cancellationToken) is { } template
            ? TypedResults.Ok(CategoryTemplates.Item(template))
            : TypedResults.NotFound();

    private static async Task<Results<Created<AnswerTemplateItem>, ValidationProblem, NotFound>> CreateAsync(
        Guid categoryId, AnswerTemplateInput input, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var errors = await CategoryTemplates.ValidateAsync(db, categoryId, null, input, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var template = await CategoryTemplates.SaveAsync(db, categoryId, null, input, cancellationToken);
        return TypedResults.Created($"templates/{template.Id}", CategoryTemplates.Item(template));
    }

    private static async Task<Results<Ok<AnswerTemplateItem>, ValidationProblem, NotFound>> UpdateAsync(
        Guid categoryId, Guid templateId, AnswerTemplateInput input, TenantDbContext db, CancellationToken cancellationToken)
    {
        var template = await db.AnswerTemplates.SingleOrDefaultAsync(t => t.Id == templateId && t.CategoryId == categoryId, cancellationToken);
        if (template is null)
        {
            return TypedResults.NotFound();
        }

        var errors = await CategoryTemplates.ValidateAsync(db, categoryId, templateId, input, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await CategoryTemplates.SaveAsync(db, categoryId, template, input, cancellationToken);
        return TypedResults.Ok(CategoryTemplates.Item(template));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid categoryId, Guid templateId, TenantDbContext db, CancellationToken cancellationToken)
    {
        var template = await db.AnswerTemplates.SingleOrDefaultAsync(t => t.Id == templateId && t.CategoryId == categoryId, cancellationToken);
        if (template is null)
        {
            return TypedResults.NotFound();
        }

        await CategoryTemplates.DeleteAsync(db, template, cancellationToken);
        return TypedResults.NoContent();
    }
}
