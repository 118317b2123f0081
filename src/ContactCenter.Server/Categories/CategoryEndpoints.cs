using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Categories;

/// <summary>
/// Categories (queues) under <c>/api/categories</c>: every member lists them; supervisors read a category's whole
/// mask; administrators create, edit and delete. Exactly one category is the default: making one the default
/// takes the flag from the previous one, and the default can be neither unflagged nor deleted.
/// </summary>
public static class CategoryEndpoints
{
    public static IHostApplicationBuilder AddCategories(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CategoryValidator>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCategories(this IEndpointRouteBuilder app)
    {
        var categories = app.MapGroup("/api/categories").RequireTenant().WithTags("Categories");
        // Agents and integrations need the list to file requests.
        categories.MapGet("/", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok(
            await db.Categories.AsNoTracking().OrderBy(c => c.Name)
                .Select(c => new CategoryItem(c.Id, c.Name, c.Description, c.IsDefault, c.AgentGroupId)).ToListAsync(ct)))
            .RequireAuthorization();
        categories.MapGet("/{id:guid}", ReadAsync).RequireAuthorization(TenantRoles.Supervisor);

        var change = categories.MapGroup("/").RequireAuthorization(TenantRoles.Administrator);
        change.MapPost("/", CreateAsync);
        change.MapPut("/{id:guid}", UpdateAsync);
        change.MapDelete("/{id:guid}", DeleteAsync);
        return app.MapCategoryTemplates();
    }

    private static async Task<Results<Ok<CategoryDetail>, NotFound>> ReadAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken)
    {
        var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        var profile = await db.CategoryProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? new CategoryProfile { Id = id };
        return TypedResults.Ok(Detail(category, profile, await CategoryTemplates.ListAsync(db, id, cancellationToken)));
    }

    /// <summary>
    /// Creates a category. The short form (name, description, optional agent group — else the first) stays as it
    /// was before the full mask; duplicates are a 409 so that callers of the short form see a conflict.
    /// </summary>
    private static async Task<Results<Created<CategoryItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CategoryInput input, TenantDbContext db, TenantContext tenant, CategoryValidator validator, IStringLocalizer<CategoriesTexts> texts, CancellationToken cancellationToken)
    {
        var name = input.Name?.Trim() ?? "";
        if (name.Length > 0 && await db.Categories.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: texts["CategoryExistsTitle"], detail: texts["CategoryExists", name]);
        }

        input = input with
        {
            AgentGroupId = input.AgentGroupId
                ?? await db.AgentGroups.OrderBy(g => g.Name).Select(g => (Guid?)g.Id).FirstOrDefaultAsync(cancellationToken),
        };
        var errors = await validator.ValidateAsync(tenant.Required.Id, null, input, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var category = new Category { Name = name, AgentGroupId = input.AgentGroupId!.Value };
        var profile = new CategoryProfile { Id = category.Id };
        await ApplyAsync(db, category, profile, input, cancellationToken);
        db.Categories.Add(category);
        db.CategoryProfiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"categories/{category.Id}", new CategoryItem(category.Id, category.Name, category.Description, category.IsDefault, category.AgentGroupId));
    }

    private static async Task<Results<Ok<CategoryDetail>, ValidationProblem, NotFound>> UpdateAsync(
        Guid id, CategoryInput input, TenantDbContext db, TenantContext tenant, CategoryValidator validator, CancellationToken cancellationToken)
    {
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        var errors = await validator.ValidateAsync(tenant.Required.Id, id, input, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var profile = await db.CategoryProfiles.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is null)
        {
            profile = new CategoryProfile { Id = id };
            db.CategoryProfiles.Add(profile);
        }

        await ApplyAsync(db, category, profile, input, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Detail(category, profile, await CategoryTemplates.ListAsync(db, id, cancellationToken)));
    }

    /// <summary>Deletes a category unless it is the default or routing rules still send requests to it (409 with the reason).</summary>
    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, TenantDbContext db, IStringLocalizer<CategoriesTexts> texts, CancellationToken cancellationToken)
    {
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return TypedResults.NotFound();
        }

        if (category.IsDefault)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: texts["DefaultCategoryTitle"],
                detail: texts["DefaultCategoryNotDeleted", category.Name]);
        }

        // The routing plan must not point nowhere (its foreign key restricts, which would otherwise fail as a 500).
        var rules = await db.RoutingRules.CountAsync(r => r.CategoryId == id, cancellationToken);
        if (rules > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: texts["CategoryInRoutingPlanTitle"],
                detail: texts["CategoryInRoutingPlan", rules, category.Name]);
        }

        // Phone tickets fall back to the default category rather than pointing nowhere.
        var settings = await db.Settings.SingleAsync(cancellationToken);
        if (settings.PhoneTicketCategoryId == id)
        {
            settings.PhoneTicketCategoryId = null;
        }

        db.Categories.Remove(category);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Copies the validated input; making this category the default takes the flag from the previous default.</summary>
    internal static async Task ApplyAsync(TenantDbContext db, Category category, CategoryProfile profile, CategoryInput input, CancellationToken cancellationToken)
    {
        category.Name = input.Name!.Trim();
        category.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        category.AgentGroupId = input.AgentGroupId!.Value;
        if (input.IsDefault && !category.IsDefault)
        {
            foreach (var previous in await db.Categories.Where(c => c.IsDefault && c.Id != category.Id).ToListAsync(cancellationToken))
            {
                previous.IsDefault = false;
            }

            category.IsDefault = true;
        }

        profile.ServiceLevelOverrideHours = input.ServiceLevelOverrideHours;
        profile.ForwardReminderHours = input.ForwardReminderHours;
        var kpi = input.Kpi;
        profile.KpiGoalHours = kpi?.GoalHours;
        profile.KpiWarningPercent = kpi?.WarningThresholdPercent;
        profile.KpiSupervisorIds = CategoryProfile.FormatIds(kpi?.SupervisorIds ?? []);
        profile.KpiNotifyByWeb = kpi?.NotifyByWeb ?? false;
        profile.KpiNotifyByEmail = kpi?.NotifyByEmail ?? false;
        profile.TextBlockIds = CategoryProfile.FormatIds(input.TextBlockIds ?? []);
        profile.PreparedAttachmentIds = CategoryProfile.FormatIds(input.PreparedAttachmentIds ?? []);
        profile.ClassificationIds = CategoryProfile.FormatIds(input.ClassificationIds ?? []);
        var escalation = input.Escalation;
        profile.EscalationBacklogThreshold = escalation?.BacklogThreshold;
        profile.EscalationDeadlineHours = escalation?.DeadlineHours;
        profile.EscalationTargetTenantId = escalation?.TargetTenantId;
        profile.EscalationTargetCategoryId = escalation?.TargetCategoryId;
    }

    internal static CategoryDetail Detail(Category category, CategoryProfile profile, IReadOnlyList<AnswerTemplateItem> templates) => new(
        category.Id, category.Name, category.Description, category.AgentGroupId, category.IsDefault, profile.ServiceLevelOverrideHours,
        new KpiSettings(profile.KpiGoalHours, profile.KpiWarningPercent, CategoryProfile.ParseIds(profile.KpiSupervisorIds), profile.KpiNotifyByWeb, profile.KpiNotifyByEmail),
        templates,
        CategoryProfile.ParseIds(profile.TextBlockIds), CategoryProfile.ParseIds(profile.PreparedAttachmentIds), CategoryProfile.ParseIds(profile.ClassificationIds),
        profile.EscalationTargetTenantId is null
            ? null
            : new EscalationRule(profile.EscalationBacklogThreshold, profile.EscalationDeadlineHours, profile.EscalationTargetTenantId, profile.EscalationTargetCategoryId),
        profile.ForwardReminderHours);
}
