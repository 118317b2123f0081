using ContactCenter.Data.Tenant;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Organization;

public sealed record TenantInfo(Guid Id, string Slug, string Name, string? Description, string TimeZone, int ServiceLevelGoalHours);

public sealed record CategoryItem(Guid Id, string Name, string? Description, bool IsDefault, Guid AgentGroupId);

public sealed record NewCategory(string? Name, string? Description, Guid? AgentGroupId);

/// <summary>The resolved tenant's own data: its settings summary and categories. Every query goes to that tenant's database only.</summary>
public static class OrganizationFeature
{
    public static IHostApplicationBuilder AddOrganization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantMask.TenantMaskValidator>();
        builder.Services.AddScoped<OrgTree.MembershipSync>();
        // Enumerations (days, channels) travel by name in the APIs.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static IEndpointRouteBuilder MapOrganization(this IEndpointRouteBuilder app)
    {
        // Any signed-in member of the tenant (the tenant-access check has run); per-role permissions arrive with tenant administration.
        var api = app.MapGroup("/api").RequireTenant().RequireAuthorization();
        api.MapGet("/tenant", GetTenantAsync);
        api.MapGet("/categories", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok(
            await db.Categories.AsNoTracking().OrderBy(c => c.Name)
                .Select(c => new CategoryItem(c.Id, c.Name, c.Description, c.IsDefault, c.AgentGroupId)).ToListAsync(ct)));
        api.MapPost("/categories", CreateCategoryAsync);
        return app;
    }

    private static async Task<Ok<TenantInfo>> GetTenantAsync(TenantContext tenant, TenantDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var record = tenant.Required;
        return TypedResults.Ok(new TenantInfo(record.Id, record.Slug, settings.Name, settings.Description, settings.TimeZone, settings.ServiceLevelGoalHours));
    }

    private static async Task<Results<Created<CategoryItem>, ValidationProblem, ProblemHttpResult>> CreateCategoryAsync(
        NewCategory request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > Category.NameMaxLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"Enter a name of 1 to {Category.NameMaxLength} characters."],
            });
        }

        var agentGroupId = request.AgentGroupId
            ?? await db.AgentGroups.OrderBy(g => g.Name).Select(g => (Guid?)g.Id).FirstOrDefaultAsync(cancellationToken);
        if (agentGroupId is null || !await db.AgentGroups.AnyAsync(g => g.Id == agentGroupId, cancellationToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["agentGroupId"] = ["Choose an existing agent group."] });
        }

        if (await db.Categories.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Category exists", detail: $"A category named '{name}' exists.");
        }

        var category = new Category { Name = name, Description = request.Description?.Trim(), AgentGroupId = agentGroupId.Value };
        db.Categories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"categories/{category.Id}", new CategoryItem(category.Id, category.Name, category.Description, category.IsDefault, category.AgentGroupId));
    }
}
