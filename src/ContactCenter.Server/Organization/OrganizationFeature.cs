using ContactCenter.Data.Tenant;
using ContactCenter.Server.Organization.Categories;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Organization;

public sealed record TenantInfo(Guid Id, string Slug, string Name, string? Description, string TimeZone, int ServiceLevelGoalHours);

public sealed record CategoryItem(Guid Id, string Name, string? Description, bool IsDefault, Guid AgentGroupId);

public sealed record NewCategory(string? Name, string? Description, Guid? AgentGroupId);

/// <summary>The resolved tenant's own data: its settings summary; categories, text blocks, classifications and escalation partners map from here. Every query goes to that tenant's database only.</summary>
public static class OrganizationFeature
{
    public static IHostApplicationBuilder AddOrganization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantMask.TenantMaskValidator>();
        builder.Services.AddScoped<TenantMask.TenantMaskService>();
        builder.Services.AddScoped<MailAccounts.EffectiveSystemAccounts>();
        builder.Services.AddScoped<OrgTree.MembershipSync>();
        builder.Services.AddScoped<Categories.CategoryValidator>();
        // Enumerations (days, channels) travel by name in the APIs.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static IEndpointRouteBuilder MapOrganization(this IEndpointRouteBuilder app)
    {
        // Any signed-in member of the tenant (the tenant-access check has run); per-role permissions arrive with tenant administration.
        var api = app.MapGroup("/api").RequireTenant().RequireAuthorization();
        api.MapGet("/tenant", GetTenantAsync);
        app.MapCategories();
        app.MapTextBlocks();
        app.MapClassifications();
        app.MapEscalationPartners();
        return app;
    }

    private static async Task<Ok<TenantInfo>> GetTenantAsync(TenantContext tenant, TenantDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var record = tenant.Required;
        return TypedResults.Ok(new TenantInfo(record.Id, record.Slug, settings.Name, settings.Description, settings.TimeZone, settings.ServiceLevelGoalHours));
    }
}
