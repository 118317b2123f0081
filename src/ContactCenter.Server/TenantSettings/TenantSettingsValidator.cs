using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContactCenter.Data.Tenant;
using ContactCenter.Letters;
using ContactCenter.Letters.Output;
using ContactCenter.Letters.Styles;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.TenantSettings;

/// <summary>Every field rule of the tenant mask, returning all problems at once by field (camelCase JSON names).</summary>
public sealed partial class TenantSettingsValidator(IConfiguration configuration)
{
    private static readonly string[] KnownChannels = Enum.GetNames<Channels>().Where(n => n != nameof(Channels.None)).ToArray();

    private static readonly IStringLocalizer T = Localization.Texts<TenantSettingsTexts>();

    public static Dictionary<string, string[]> General(GeneralTab tab)
    {
        var errors = new FieldErrors();
        var name = tab.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", T["NameLength"]);
        }

        if (tab.Description?.Length > 2000)
        {
            errors.Add("description", T["DescriptionTooLong"]);
        }

        // Omitted by clients that predate the tenant language: then the stored language stays.
        if (tab.Language is { } tenantLanguage && !Localization.Languages.Contains(tenantLanguage, StringComparer.Ordinal))
        {
            errors.Add("language", T["LanguageUnknown", tenantLanguage]);
        }

        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> Settings(SettingsTab tab)
    {
        var errors = new FieldErrors();
        if (tab.SpellCheckLanguage is not { } language || !LanguageTag().IsMatch(language))
        {
            errors.Add("spellCheckLanguage", T["SpellCheckLanguageInvalid"]);
        }

        if (tab.ServiceLevelGoalHours is < 1 or > 8760)
        {
            errors.Add("serviceLevelGoalHours", T["ServiceLevelGoalRange"]);
        }

        if (tab.ServiceLevelWarningPercent is < 1 or > 100)
        {
            errors.Add("serviceLevelWarningPercent", T["WarningThresholdRange"]);
        }

        if (tab.ForwardReminderHours is < 1 or > 8760)
        {
            errors.Add("forwardReminderHours", T["ForwardReminderRange"]);
        }

        foreach (var channel in tab.Channels ?? [])
        {
            if (!KnownChannels.Contains(channel, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add("channels", T["ChannelUnknown", channel, string.Join(", ", KnownChannels)]);
            }
        }

        if (tab.Channels is null || tab.Channels.Count == 0)
        {
            errors.Add("channels", T["ChannelRequired"]);
        }

        var hours = tab.BusinessHours;
        if (hours is null)
        {
            errors.Add("businessHours", T["BusinessHoursRequired"]);
            return errors.ToDictionary();
        }

        if (hours.TimeZone is not { } zone || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("businessHours.timeZone", T["TimeZoneUnknown", hours.TimeZone ?? ""]);
        }

        var intervals = hours.Intervals ?? [];
        for (var i = 0; i < intervals.Count; i++)
        {
            if (intervals[i].From >= intervals[i].To)
            {
                errors.Add($"businessHours.intervals[{i}]", T["IntervalEndsAfterStart"]);
            }
        }

        foreach (var day in intervals.GroupBy(i => i.Day))
        {
            var sorted = day.OrderBy(i => i.From).ToList();
            if (sorted.Zip(sorted.Skip(1)).Any(pair => pair.Second.From < pair.First.To))
            {
                errors.Add("businessHours.intervals", T["IntervalsOverlap", System.Globalization.CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day.Key)]);
            }
        }

        if ((hours.Holidays ?? []).GroupBy(d => d).Any(g => g.Count() > 1))
        {
            errors.Add("businessHours.holidays", T["HolidayTwice"]);
        }

        return errors.ToDictionary();
    }

    /// <summary>
    /// Addresses, default inbound accounts among <paramref name="inboundAccountIds"/> (the tenant's inbound accounts), each
    /// once, and the size limit of inbound mail.
    /// </summary>
    public static Dictionary<string, string[]> AccountSettings(AccountSettingsTab tab, IReadOnlySet<Guid> inboundAccountIds)
    {
        var errors = new FieldErrors();
        foreach (var address in tab.DoNotReplyAddresses ?? [])
        {
            if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address.Trim())
            {
                errors.Add("doNotReplyAddresses", T["NotAnEmailAddress", address]);
            }
        }

        var chosen = new HashSet<Guid>();
        var ids = tab.DefaultInboundAccountIds ?? [];
        for (var i = 0; i < ids.Count; i++)
        {
            if (!Guid.TryParse(ids[i], out var id) || !inboundAccountIds.Contains(id))
            {
                errors.Add($"defaultInboundAccountIds[{i}]", T["NotAnInboundAccount", ids[i]]);
            }
            else if (!chosen.Add(id))
            {
                errors.Add($"defaultInboundAccountIds[{i}]", T["InboundAccountTwice"]);
            }
        }

        if (tab.MaxInboundMailMegabytes is < 1 or > Data.Tenant.TenantSettings.MaxInboundMailMegabytesLimit)
        {
            errors.Add("maxInboundMailMegabytes", T["MaxInboundMailMegabytesRange", Data.Tenant.TenantSettings.MaxInboundMailMegabytesLimit]);
        }

        return errors.ToDictionary();
    }

    /// <summary>
    /// The stylesheet fully validated by ContactCenter.Letters (every problem with its JSON path; font and logo files
    /// only by name inside <c>Letters:StylesheetDirectory</c>) and the directory confined to the tenant's own folder.
    /// </summary>
    public Dictionary<string, string[]> Pdf(PdfTab tab, Guid tenantId)
    {
        var errors = new FieldErrors();
        if (tab.Stylesheet is { Length: > 0 } json)
        {
            foreach (var problem in LetterStylesheetReader.Validate(json, LetterStylesheetDirectory, confined: true))
            {
                errors.Add("stylesheet", problem.ToString());
            }
        }

        try
        {
            LetterOutputFor(tenantId).ResolveTenantDirectory(tab.OutputDirectory ?? "");
        }
        catch (LetterOutputPathException refused)
        {
            errors.Add("outputDirectory", refused.Message);
        }

        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> CallConnector(CallConnectorTab tab)
    {
        var errors = new FieldErrors();
        if (!DialCode().IsMatch(tab.Prefix ?? ""))
        {
            errors.Add("prefix", T["DialCodeInvalid"]);
        }

        if (!DialCode().IsMatch(tab.Postfix ?? ""))
        {
            errors.Add("postfix", T["DialCodeInvalid"]);
        }

        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> PhoneTickets(PhoneTicketTab tab, bool categoryExists)
    {
        var errors = new FieldErrors();
        if (tab.DefaultCategoryId is not null && !categoryExists)
        {
            errors.Add("defaultCategoryId", T["CategoryUnknown"]);
        }

        if (tab.WrapUpSeconds is < 0 or > 3600)
        {
            errors.Add("wrapUpSeconds", T["WrapUpRange"]);
        }

        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> AppSetting(string key, JsonElement value)
    {
        var errors = new FieldErrors();
        if (!AppSettingKey().IsMatch(key))
        {
            errors.Add("key", T["AppSettingKeyInvalid"]);
        }

        if (value.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add("value", T["AppSettingValueRequired"]);
        }
        else if (value.GetRawText().Length > 20_000)
        {
            errors.Add("value", T["AppSettingValueTooLong"]);
        }

        return errors.ToDictionary();
    }

    /// <summary>Root under which tenants' letter directories live (<c>Letters:OutputRoot</c>, default <c>data/letters</c>).</summary>
    public string LetterOutputRoot => Path.GetFullPath(configuration["Letters:OutputRoot"] ?? Path.Combine("data", "letters"));

    /// <summary>The output directory of one tenant: its own folder (by tenant id) under <see cref="LetterOutputRoot"/>; exports resolve the tenant's setting under it.</summary>
    /// <exception cref="LetterOutputPathException">The folder cannot be created.</exception>
    public LetterOutputDirectory LetterOutputFor(Guid tenantId) => new LetterOutputDirectory(LetterOutputRoot).ForTenant(tenantId);

    /// <summary>Where relative font and logo paths of an uploaded stylesheet are looked up (<c>Letters:StylesheetDirectory</c>).</summary>
    public string LetterStylesheetDirectory => Path.GetFullPath(configuration["Letters:StylesheetDirectory"] ?? Path.Combine("data", "letter-assets"));

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[0-9*#+]{0,20}$")]
    private static partial Regex DialCode();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$")]
    private static partial Regex AppSettingKey();
}
