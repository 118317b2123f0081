using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.TenantSettings;

public sealed record TenantInfo(Guid Id, string Slug, string Name, string? Description, string TimeZone, int ServiceLevelGoalHours);

/// <summary>
/// The tenant edit mask as an API, one resource per tab under <c>/api/tenant/settings</c>; individual app
/// settings under <c>/api/tenant/app-settings</c>; the audit trail under <c>/api/tenant/audit</c>. Supervisors
/// read, administrators change, the platform operator switches call integration on or off.
/// </summary>
public static class TenantSettingsEndpoints
{
    public static IHostApplicationBuilder AddTenantSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantSettingsValidator>();
        builder.Services.AddScoped<TenantSettingsService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTenantSettings(this IEndpointRouteBuilder app)
    {
        // The summary any signed-in member of the tenant may read.
        app.MapGroup("/api").RequireTenant().RequireAuthorization().MapGet("/tenant", GetTenantAsync);
        var mask = app.MapGroup("/api/tenant").WithMetadata(new MultiLineTextAttribute("description", "stylesheet")).RequireTenant().WithTags("Tenant mask");
        mask.MapGet("/settings", async (TenantSettingsService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(ct)))
            .RequireAuthorization(TenantRoles.Supervisor);
        var change = mask.MapGroup("/settings").RequireAuthorization(TenantRoles.Administrator);
        change.MapPut("/general", async (GeneralTab tab, TenantSettingsService service, CancellationToken ct) => Answer(await service.UpdateGeneralAsync(tab, ct)));
        change.MapPut("/settings", async (SettingsTab tab, TenantSettingsService service, CancellationToken ct) => Answer(await service.UpdateSettingsAsync(tab, ct)));
        change.MapPut("/account-settings", async (AccountSettingsTab tab, TenantSettingsService service, CancellationToken ct) => Answer(await service.UpdateAccountSettingsAsync(tab, ct)));
        change.MapPut("/pdf", async (PdfTab tab, TenantSettingsService service, CancellationToken ct) => Answer(await service.UpdatePdfAsync(tab, ct)));
        change.MapPut("/call-connector", async (CallConnectorTab tab, TenantSettingsService service, CancellationToken ct) => Answer(await service.UpdateCallConnectorAsync(tab, ct)));
        change.MapPut("/phone-tickets", async (PhoneTicketTab tab, TenantSettingsService service, CancellationToken ct) => Answer(await service.UpdatePhoneTicketsAsync(tab, ct)));
        mask.MapPut("/settings/call-integration", async (CallIntegrationSwitch request, TenantSettingsService service, CancellationToken ct) =>
                Answer(await service.SwitchCallIntegrationAsync(request.Enabled, ct)))
            .RequireAuthorization(PlatformFeature.OperatorPolicy);

        // An app setting is any JSON its app wants, line breaks included.
        var apps = mask.MapGroup("/app-settings").WithMetadata(new MultiLineTextAttribute(MultiLineTextAttribute.AnyField));
        apps.MapGet("/", async (TenantSettingsService service, CancellationToken ct) => TypedResults.Ok(await service.AppSettingsAsync(ct)))
            .RequireAuthorization(TenantRoles.Member);
        apps.MapPut("/{key}", async Task<Results<Ok<AppSettingItem>, ValidationProblem>> (string key, JsonElement value, TenantSettingsService service, CancellationToken ct) =>
                await service.PutAppSettingAsync(key, value, ct) is { Count: > 0 } errors
                    ? TypedResults.ValidationProblem(errors)
                    : TypedResults.Ok(new AppSettingItem(key, value)))
            .RequireAuthorization(TenantRoles.Administrator);
        apps.MapDelete("/{key}", async Task<Results<NoContent, NotFound>> (string key, TenantSettingsService service, CancellationToken ct) =>
                await service.RemoveAppSettingAsync(key, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequireAuthorization(TenantRoles.Administrator);

        mask.MapGet("/audit", async (string? entity, int? take, Data.Tenant.TenantDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.AuditEntries.AsNoTracking()
                .Where(e => entity == null || e.Entity == entity)
                .OrderByDescending(e => e.At).Take(Math.Clamp(take ?? 100, 1, 1000))
                .Select(e => new AuditItem(e.At, e.Actor, e.Entity, e.EntityId, e.Change, e.Field, e.OldValue, e.NewValue))
                .ToListAsync(ct))).RequireAuthorization(TenantRoles.Administrator);
        return app;
    }

    private static Results<Ok<TenantSettingsView>, ValidationProblem, ProblemHttpResult> Answer(TenantSettingsUpdate update) =>
        update switch
        {
            { View: { } view } => TypedResults.Ok(view),
            { Refusal: { } refusal } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Localization.Texts<TenantSettingsTexts>()["CallIntegrationOffTitle"], detail: refusal),
            _ => TypedResults.ValidationProblem(update.Errors),
        };

    private static async Task<Ok<TenantInfo>> GetTenantAsync(TenantContext tenant, TenantDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var record = tenant.Required;
        return TypedResults.Ok(new TenantInfo(record.Id, record.Slug, settings.Name, settings.Description, settings.TimeZone, settings.ServiceLevelGoalHours));
    }
}
