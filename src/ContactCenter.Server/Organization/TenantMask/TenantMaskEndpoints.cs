using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
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
        mask.MapGet("/settings", GetAsync).RequireAuthorization(TenantRoles.Supervisor);
        var change = mask.MapGroup("/settings").RequireAuthorization(TenantRoles.Administrator);
        change.MapPut("/general", UpdateGeneralAsync);
        change.MapPut("/settings", UpdateSettingsAsync);
        change.MapPut("/account-settings", (AccountSettingsTab tab, TenantDbContext db, CancellationToken ct) =>
            UpdateAsync(db, TenantMaskValidator.AccountSettings(tab), s => s.DoNotReplyAddresses = string.Join('\n', (tab.DoNotReplyAddresses ?? []).Select(a => a.Trim())), ct));
        change.MapPut("/pdf", (PdfTab tab, TenantMaskValidator validator, TenantDbContext db, CancellationToken ct) =>
            UpdateAsync(db, validator.Pdf(tab), s =>
            {
                s.LetterStylesheetJson = tab.Stylesheet is { Length: > 0 } json ? json : null;
                s.LetterOutputDirectory = tab.OutputDirectory!.Trim();
            }, ct));
        change.MapPut("/call-connector", UpdateCallConnectorAsync);
        change.MapPut("/phone-tickets", UpdatePhoneTicketsAsync);
        mask.MapPut("/settings/call-integration", (CallIntegrationSwitch request, TenantDbContext db, CancellationToken ct) =>
                UpdateAsync(db, [], s => s.CallIntegrationEnabled = request.Enabled, ct))
            .RequireAuthorization(PlatformFeature.OperatorPolicy);

        var apps = mask.MapGroup("/app-settings");
        apps.MapGet("/", async (TenantDbContext db, CancellationToken ct) => TypedResults.Ok((await db.AppSettings.AsNoTracking().OrderBy(s => s.Key).ToListAsync(ct))
            .Select(s => new AppSettingItem(s.Key, JsonDocument.Parse(s.JsonValue).RootElement)).ToList())).RequireAuthorization(TenantRoles.Member);
        apps.MapPut("/{key}", PutAppSettingAsync).RequireAuthorization(TenantRoles.Administrator);
        apps.MapDelete("/{key}", async Task<Results<NoContent, NotFound>> (string key, TenantDbContext db, CancellationToken ct) =>
        {
            var setting = await db.AppSettings.SingleOrDefaultAsync(s => s.Key == key, ct);
            if (setting is null)
            {
                return TypedResults.NotFound();
            }

            db.AppSettings.Remove(setting);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(TenantRoles.Administrator);

        mask.MapGet("/audit", async (string? entity, int? take, TenantDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.AuditEntries.AsNoTracking()
                .Where(e => entity == null || e.Entity == entity)
                .OrderByDescending(e => e.At).Take(Math.Clamp(take ?? 100, 1, 1000))
                .Select(e => new AuditItem(e.At, e.Actor, e.Entity, e.EntityId, e.Change, e.Field, e.OldValue, e.NewValue))
                .ToListAsync(ct))).RequireAuthorization(TenantRoles.Administrator);
        return app;
    }

    private static async Task<Ok<TenantMaskView>> GetAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await db.Settings.AsNoTracking().SingleAsync(cancellationToken)));

    private static async Task<Results<Ok<TenantMaskView>, ValidationProblem>> UpdateGeneralAsync(
        GeneralTab tab, TenantDbContext db, CatalogDbContext catalog, TenantContext tenant, TenantStore tenants, CancellationToken cancellationToken)
    {
        var result = await UpdateAsync(db, TenantMaskValidator.General(tab), s =>
        {
            s.Name = tab.Name!.Trim();
            s.Description = string.IsNullOrWhiteSpace(tab.Description) ? null : tab.Description.Trim();
        }, cancellationToken);
        if (result.Result is Ok<TenantMaskView>)
        {
            // The catalog keeps the name too (lists, the tenant choice at sign-in).
            var slug = tenant.Required.Slug;
            await catalog.Tenants.Where(t => t.Slug == slug).ExecuteUpdateAsync(set => set.SetProperty(t => t.Name, tab.Name!.Trim()), cancellationToken);
            tenants.Invalidate(slug);
        }

        return result;
    }

    private static async Task<Results<Ok<TenantMaskView>, ValidationProblem>> UpdateSettingsAsync(
        SettingsTab tab, TenantDbContext db, CatalogDbContext catalog, TenantContext tenant, CancellationToken cancellationToken)
    {
        var result = await UpdateAsync(db, TenantMaskValidator.Settings(tab), s =>
        {
            s.TakeCcIntoReply = tab.TakeCcIntoReply;
            s.SpellCheckEnabled = tab.SpellCheckEnabled;
            s.SpellCheckLanguage = tab.SpellCheckLanguage!;
            s.ServiceLevelGoalHours = tab.ServiceLevelGoalHours;
            s.ServiceLevelWarningPercent = tab.ServiceLevelWarningPercent;
            s.TimeZone = tab.BusinessHours!.TimeZone!;
            s.BusinessHoursJson = JsonSerializer.Serialize(new StoredHours(
                tab.BusinessHours.Intervals?.OrderBy(i => i.Day).ThenBy(i => i.From).ToList() ?? [],
                tab.BusinessHours.Holidays?.Order().ToList() ?? []), Json);
            s.Channels = tab.Channels!.Aggregate(Channels.None, (all, c) => all | Enum.Parse<Channels>(c, ignoreCase: true));
            s.AllowAllTenantsLogin = tab.AllowAllTenantsLogin;
        }, cancellationToken);
        if (result.Result is Ok<TenantMaskView>)
        {
            // Sign-in reads this switch from the catalog, without opening every tenant database.
            var slug = tenant.Required.Slug;
            await catalog.Tenants.Where(t => t.Slug == slug)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.AllowsSignInForAllTenants, tab.AllowAllTenantsLogin), cancellationToken);
        }

        return result;
    }

    private static async Task<Results<Ok<TenantMaskView>, ValidationProblem, ProblemHttpResult>> UpdateCallConnectorAsync(
        CallConnectorTab tab, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Settings.AnyAsync(s => s.CallIntegrationEnabled, cancellationToken))
        {
            return CallIntegrationOff();
        }

        var result = await UpdateAsync(db, TenantMaskValidator.CallConnector(tab), s =>
        {
            s.CallPrefix = tab.Prefix ?? "";
            s.CallPostfix = tab.Postfix ?? "";
        }, cancellationToken);
        return result.Result is Ok<TenantMaskView> ok ? ok : (ValidationProblem)result.Result;
    }

    private static async Task<Results<Ok<TenantMaskView>, ValidationProblem, ProblemHttpResult>> UpdatePhoneTicketsAsync(
        PhoneTicketTab tab, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Settings.AnyAsync(s => s.CallIntegrationEnabled, cancellationToken))
        {
            return CallIntegrationOff();
        }

        var categoryExists = tab.DefaultCategoryId is { } id && await db.Categories.AnyAsync(c => c.Id == id, cancellationToken);
        var result = await UpdateAsync(db, TenantMaskValidator.PhoneTickets(tab, categoryExists), s =>
        {
            s.PhoneTicketCategoryId = tab.DefaultCategoryId;
            s.TicketPerCall = tab.TicketPerCall;
            s.WrapUpSeconds = tab.WrapUpSeconds;
        }, cancellationToken);
        return result.Result is Ok<TenantMaskView> ok ? ok : (ValidationProblem)result.Result;
    }

    private static async Task<Results<Ok<AppSettingItem>, ValidationProblem>> PutAppSettingAsync(
        string key, JsonElement value, TenantDbContext db, CancellationToken cancellationToken)
    {
        var errors = TenantMaskValidator.AppSetting(key, value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var setting = await db.AppSettings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null)
        {
            db.AppSettings.Add(new TenantAppSetting { Key = key, JsonValue = value.GetRawText() });
        }
        else
        {
            setting.JsonValue = value.GetRawText();
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new AppSettingItem(key, value));
    }

    /// <summary>Applies a valid tab to the one settings row (audited on save); an invalid one changes nothing.</summary>
    private static async Task<Results<Ok<TenantMaskView>, ValidationProblem>> UpdateAsync(
        TenantDbContext db, Dictionary<string, string[]> errors, Action<TenantSettings> apply, CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var settings = await db.Settings.SingleAsync(cancellationToken);
        apply(settings);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(settings));
    }

    private static ProblemHttpResult CallIntegrationOff() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Call integration is off",
            detail: "This tab exists only while call integration is enabled for the tenant; the platform operator enables it.");

    private static TenantMaskView View(TenantSettings s)
    {
        var hours = JsonSerializer.Deserialize<StoredHours>(s.BusinessHoursJson, Json) ?? new StoredHours([], []);
        return new TenantMaskView(
            new GeneralTab(s.Name, s.Description),
            new SettingsTab(s.TakeCcIntoReply, s.SpellCheckEnabled, s.SpellCheckLanguage, s.ServiceLevelGoalHours, s.ServiceLevelWarningPercent,
                new BusinessHours(s.TimeZone, hours.Intervals, hours.Holidays),
                Enum.GetValues<Channels>().Where(c => c != Channels.None && s.Channels.HasFlag(c)).Select(c => c.ToString()).ToList(),
                s.AllowAllTenantsLogin),
            new AccountSettingsTab(s.DoNotReplyAddresses.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            new PdfTab(s.LetterStylesheetJson, s.LetterOutputDirectory),
            s.CallIntegrationEnabled,
            s.CallIntegrationEnabled ? new CallConnectorTab(s.CallPrefix, s.CallPostfix) : null,
            s.CallIntegrationEnabled ? new PhoneTicketTab(s.PhoneTicketCategoryId, s.TicketPerCall, s.WrapUpSeconds) : null);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>How business hours are kept in <see cref="TenantSettings.BusinessHoursJson"/>.</summary>
    private sealed record StoredHours(List<BusinessInterval> Intervals, List<DateOnly> Holidays);
}
