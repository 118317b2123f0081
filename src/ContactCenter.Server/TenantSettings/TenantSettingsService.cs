using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.TenantSettings;

/// <summary>The outcome of saving a tab: the updated mask, or every problem by field (nothing was changed).</summary>
public sealed record TenantSettingsUpdate(TenantSettingsView? View, Dictionary<string, string[]> Errors, string? Refusal = null)
{
    public bool Succeeded => View is not null;
}

/// <summary>
/// Reads and saves the tenant edit mask, tab by tab, for the API and the pages alike. Every change is
/// audited (the settings row is <see cref="IAudited"/>); what sign-in needs is mirrored into the catalog.
/// </summary>
public sealed class TenantSettingsService(
    TenantDbContext db, CatalogDbContext catalog, TenantContext tenant, TenantStore tenants, TenantSettingsValidator validator)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public async Task<TenantSettingsView> GetAsync(CancellationToken cancellationToken) =>
        View(await db.Settings.AsNoTracking().SingleAsync(cancellationToken), await DefaultInboundAccountIdsAsync(cancellationToken));

    /// <summary>The tenant's inbound accounts, the choices for the default inbound accounts.</summary>
    public async Task<IReadOnlyList<InboundAccountChoice>> InboundAccountChoicesAsync(CancellationToken cancellationToken) =>
        (await db.InboundAccounts.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Id, a.Name, a.Protocol, a.Host }).ToListAsync(cancellationToken))
            .Select(a => new InboundAccountChoice(a.Id, a.Name, MailAccounts.MailAccountNames.Of(a.Protocol), a.Host)).ToList();

    public async Task<TenantSettingsUpdate> UpdateGeneralAsync(GeneralTab tab, CancellationToken cancellationToken)
    {
        var result = await UpdateAsync(TenantSettingsValidator.General(tab), s =>
        {
            s.Name = tab.Name!.Trim();
            s.Description = string.IsNullOrWhiteSpace(tab.Description) ? null : tab.Description.Trim();
            if (tab.Language is { } language)
            {
                s.Language = language;
            }
        }, cancellationToken);
        if (result.Succeeded)
        {
            // The catalog keeps the name too (lists, the tenant choice at sign-in).
            var slug = tenant.Required.Slug;
            await catalog.Tenants.Where(t => t.Slug == slug).ExecuteUpdateAsync(set => set.SetProperty(t => t.Name, tab.Name!.Trim()), cancellationToken);
            tenants.Invalidate(slug);
        }

        return result;
    }

    public async Task<TenantSettingsUpdate> UpdateSettingsAsync(SettingsTab tab, CancellationToken cancellationToken)
    {
        var result = await UpdateAsync(TenantSettingsValidator.Settings(tab), s =>
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
            s.ForwardReminderHours = tab.ForwardReminderHours ?? s.ForwardReminderHours;
        }, cancellationToken);
        if (result.Succeeded)
        {
            // Sign-in reads this switch from the catalog, without opening every tenant database.
            var slug = tenant.Required.Slug;
            await catalog.Tenants.Where(t => t.Slug == slug)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.AllowsSignInForAllTenants, tab.AllowAllTenantsLogin), cancellationToken);
        }

        return result;
    }

    /// <summary>Saves the addresses and the mail size limit and replaces the default inbound accounts, together in one transaction.</summary>
    public async Task<TenantSettingsUpdate> UpdateAccountSettingsAsync(AccountSettingsTab tab, CancellationToken cancellationToken)
    {
        var inbound = (await db.InboundAccounts.Select(a => a.Id).ToListAsync(cancellationToken)).ToHashSet();
        var current = await db.DefaultInboundAccounts.ToListAsync(cancellationToken);
        var wanted = (tab.DefaultInboundAccountIds ?? []).Select(id => Guid.TryParse(id, out var parsed) ? parsed : Guid.Empty).ToHashSet();
        return await UpdateAsync(TenantSettingsValidator.AccountSettings(tab, inbound), s =>
        {
            s.DoNotReplyAddresses = string.Join('\n', (tab.DoNotReplyAddresses ?? []).Select(a => a.Trim()));
            s.MaxInboundMailMegabytes = tab.MaxInboundMailMegabytes ?? s.MaxInboundMailMegabytes;
            db.DefaultInboundAccounts.RemoveRange(current.Where(d => !wanted.Contains(d.InboundAccountId)));
            db.DefaultInboundAccounts.AddRange(wanted.Except(current.Select(d => d.InboundAccountId))
                .Select(id => new DefaultInboundAccount { InboundAccountId = id }));
        }, cancellationToken);
    }

    public Task<TenantSettingsUpdate> UpdatePdfAsync(PdfTab tab, CancellationToken cancellationToken) =>
        UpdateAsync(validator.Pdf(tab, tenant.Required.Id), s =>
        {
            s.LetterStylesheetJson = tab.Stylesheet is { Length: > 0 } json ? json : null;
            s.LetterOutputDirectory = tab.OutputDirectory!.Trim();
        }, cancellationToken);

    public async Task<TenantSettingsUpdate> UpdateCallConnectorAsync(CallConnectorTab tab, CancellationToken cancellationToken) =>
        await CallIntegrationOnAsync(cancellationToken)
            ? await UpdateAsync(TenantSettingsValidator.CallConnector(tab), s =>
            {
                s.CallPrefix = tab.Prefix ?? "";
                s.CallPostfix = tab.Postfix ?? "";
            }, cancellationToken)
            : CallIntegrationOff();

    public async Task<TenantSettingsUpdate> UpdatePhoneTicketsAsync(PhoneTicketTab tab, CancellationToken cancellationToken)
    {
        if (!await CallIntegrationOnAsync(cancellationToken))
        {
            return CallIntegrationOff();
        }

        var categoryExists = tab.DefaultCategoryId is { } id && await db.Categories.AnyAsync(c => c.Id == id, cancellationToken);
        return await UpdateAsync(TenantSettingsValidator.PhoneTickets(tab, categoryExists), s =>
        {
            s.PhoneTicketCategoryId = tab.DefaultCategoryId;
            s.TicketPerCall = tab.TicketPerCall;
            s.WrapUpSeconds = tab.WrapUpSeconds;
        }, cancellationToken);
    }

    /// <summary>Switched by the platform operator.</summary>
    public Task<TenantSettingsUpdate> SwitchCallIntegrationAsync(bool enabled, CancellationToken cancellationToken) =>
        UpdateAsync([], s => s.CallIntegrationEnabled = enabled, cancellationToken);

    public async Task<IReadOnlyList<AppSettingItem>> AppSettingsAsync(CancellationToken cancellationToken) =>
        (await db.AppSettings.AsNoTracking().OrderBy(s => s.Key).ToListAsync(cancellationToken))
            .Select(s => new AppSettingItem(s.Key, JsonDocument.Parse(s.JsonValue).RootElement)).ToList();

    /// <summary>Adds or replaces an app setting; returns the problems by field (empty when saved).</summary>
    public async Task<Dictionary<string, string[]>> PutAppSettingAsync(string key, JsonElement value, CancellationToken cancellationToken)
    {
        var errors = TenantSettingsValidator.AppSetting(key, value);
        if (errors.Count > 0)
        {
            return errors;
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
        return errors;
    }

    /// <returns>False when there is no such setting.</returns>
    public async Task<bool> RemoveAppSettingAsync(string key, CancellationToken cancellationToken)
    {
        var setting = await db.AppSettings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null)
        {
            return false;
        }

        db.AppSettings.Remove(setting);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private Task<bool> CallIntegrationOnAsync(CancellationToken cancellationToken) => db.Settings.AnyAsync(s => s.CallIntegrationEnabled, cancellationToken);

    private static TenantSettingsUpdate CallIntegrationOff() =>
        new(null, [], Localization.Texts<TenantSettingsTexts>()["CallIntegrationOffDetail"]);

    /// <summary>Applies a valid tab to the one settings row (audited on save); an invalid one changes nothing.</summary>
    private async Task<TenantSettingsUpdate> UpdateAsync(Dictionary<string, string[]> errors, Action<ContactCenter.Data.Tenant.TenantSettings> apply, CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            return new TenantSettingsUpdate(null, errors);
        }

        var settings = await db.Settings.SingleAsync(cancellationToken);
        apply(settings);
        await db.SaveChangesAsync(cancellationToken);
        return new TenantSettingsUpdate(View(settings, await DefaultInboundAccountIdsAsync(cancellationToken)), errors);
    }

    /// <summary>The default inbound accounts in the order of their names, as the tab shows them.</summary>
    private async Task<List<string>> DefaultInboundAccountIdsAsync(CancellationToken cancellationToken) =>
        (await db.InboundAccounts.AsNoTracking()
            .Where(a => db.DefaultInboundAccounts.Any(d => d.InboundAccountId == a.Id))
            .OrderBy(a => a.Name).Select(a => a.Id).ToListAsync(cancellationToken))
        .Select(id => id.ToString()).ToList();

    private static TenantSettingsView View(ContactCenter.Data.Tenant.TenantSettings s, IReadOnlyList<string> defaultInboundAccountIds)
    {
        return new TenantSettingsView(
            new GeneralTab(s.Name, s.Description, s.Language),
            new SettingsTab(s.TakeCcIntoReply, s.SpellCheckEnabled, s.SpellCheckLanguage, s.ServiceLevelGoalHours, s.ServiceLevelWarningPercent,
                BusinessHoursOf(s),
                Enum.GetValues<Channels>().Where(c => c != Channels.None && s.Channels.HasFlag(c)).Select(c => c.ToString()).ToList(),
                s.AllowAllTenantsLogin, s.ForwardReminderHours),
            new AccountSettingsTab(s.DoNotReplyAddresses.Split('\n', StringSplitOptions.RemoveEmptyEntries), defaultInboundAccountIds, s.MaxInboundMailMegabytes),
            new PdfTab(s.LetterStylesheetJson, s.LetterOutputDirectory),
            s.CallIntegrationEnabled,
            s.CallIntegrationEnabled ? new CallConnectorTab(s.CallPrefix, s.CallPostfix) : null,
            s.CallIntegrationEnabled ? new PhoneTicketTab(s.PhoneTicketCategoryId, s.TicketPerCall, s.WrapUpSeconds) : null);
    }

    /// <summary>The tenant's standard business hours, as stored in its settings.</summary>
    public static BusinessHours BusinessHoursOf(ContactCenter.Data.Tenant.TenantSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var hours = JsonSerializer.Deserialize<StoredHours>(settings.BusinessHoursJson, Json) ?? new StoredHours([], []);
        return new BusinessHours(settings.TimeZone, hours.Intervals, hours.Holidays);
    }

    /// <summary>How business hours are kept in <see cref="ContactCenter.Data.Tenant.TenantSettings.BusinessHoursJson"/>.</summary>
    private sealed record StoredHours(List<BusinessInterval> Intervals, List<DateOnly> Holidays);
}
