using System.Text.Json;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Organization.TenantMask;

/// <summary>
/// The tenant edit mask as an API, one resource per tab under <c>/api/tenant/settings</c>; individual app
/// settings under <c>/api/tenant/app-settings</c>; the audit trail under <c>/api/tenant/audit</c>. Supervisors
/// read, administrators change, the platform operator switches call integration on or off.
/// </summary>
public static class TenantMaskEndpoints
{
    public static IEndpointRouteBuilder MapTenantMask(this IEndpointRouteBuilder app)
    {
        var mask = app.MapGroup("/api/tenant").RequireTenant().WithTags("Tenant mask");
        mask.MapGet("/settings", async (TenantMaskService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(ct)))
            .RequireAuthorization(TenantRoles.Supervisor);
        var change = mask.MapGroup("/settings").RequireAuthorization(TenantRoles.Administrator);
        change.MapPut("/general", async (GeneralTab tab, TenantMaskService service, CancellationToken ct) => Answer(await service.UpdateGeneralAsync(tab, ct)));
        change.MapPut("/settings", async (SettingsTab tab, TenantMaskService service, CancellationToken ct) => Answer(await service.UpdateSettingsAsync(tab, ct)));
        change.MapPut("/account-settings", async (AccountSettingsTab tab, TenantMaskService service, CancellationToken ct) => Answer(await service.UpdateAccountSettingsAsync(tab, ct)));
        change.MapPut("/pdf", async (PdfTab tab, TenantMaskService service, CancellationToken ct) => Answer(await service.UpdatePdfAsync(tab, ct)));
        change.MapPut("/call-connector", async (CallConnectorTab tab, TenantMaskService service, CancellationToken ct) => Answer(await service.UpdateCallConnectorAsync(tab, ct)));
        change.MapPut("/phone-tickets", async (PhoneTicketTab tab, TenantMaskService service, CancellationToken ct) => Answer(await service.UpdatePhoneTicketsAsync(tab, ct)));
        mask.MapPut("/settings/call-integration", async (CallIntegrationSwitch request, TenantMaskService service, CancellationToken ct) =>
                Answer(await service.SwitchCallIntegrationAsync(request.Enabled, ct)))
            .RequireAuthorization(PlatformFeature.OperatorPolicy);

        var apps = mask.MapGroup("/app-settings");
        apps.MapGet("/", async (TenantMaskService service, CancellationToken ct) => TypedResults.Ok(await service.AppSettingsAsync(ct)))
            .RequireAuthorization(TenantRoles.Member);
        apps.MapPut("/{key}", async Task<Results<Ok<AppSettingItem>, ValidationProblem>> (string key, JsonElement value, TenantMaskService service, CancellationToken ct) =>
                await service.PutAppSettingAsync(key, value, ct) is { Count: > 0 } errors
                    ? TypedResults.ValidationProblem(errors)
                    : TypedResults.Ok(new AppSettingItem(key, value)))
            .RequireAuthorization(TenantRoles.Administrator);
        apps.MapDelete("/{key}", async Task<Results<NoContent, NotFound>> (string key, TenantMaskService service, CancellationToken ct) =>
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

    private static Results<Ok<TenantMaskView>, ValidationProblem, ProblemHttpResult> Answer(TenantMaskUpdate update) =>
        update switch
        {
            { View: { } view } => TypedResults.Ok(view),
            { Refusal: { } refusal } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Call integration is off", detail: refusal),
            _ => TypedResults.ValidationProblem(update.Errors),
        };
}
