using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContactCenter.Data.Tenant;
using ContactCenter.Letters;
using ContactCenter.Letters.Output;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Server.TenantSettings;

/// <summary>Every field rule of the tenant mask, returning all problems at once by field (camelCase JSON names).</summary>
public sealed partial class TenantSettingsValidator(IConfiguration configuration)
{
    private static readonly string[] KnownChannels = Enum.GetNames<Channels>().Where(n => n != nameof(Channels.None)).ToArray();

    public static Dictionary<string, string[]> General(GeneralTab tab)
    {
        var errors = new FieldErrors();
        var name = tab.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors.Add("name", "Enter a name of 1 to 200 characters.");
        }

        if (tab.Description?.Length > 2000)
        {
            errors.Add("description", "The description has at most 2,000 characters.");
        }

        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> Settings(SettingsTab tab)
    {
        var errors = new FieldErrors();
        if (tab.SpellCheckLanguage is not { } language || !LanguageTag().IsMatch(language))
        {
            errors.Add("spellCheckLanguage", "Use a language tag such as de, en or de-AT.");
        }

        if (tab.ServiceLevelGoalHours is < 1 or > 8760)
        {
            errors.Add("serviceLevelGoalHours", "The service level goal is 1 to 8,760 hours.");
        }

        if (tab.ServiceLevelWarningPercent is < 1 or > 100)
        {
            errors.Add("serviceLevelWarningPercent", "The warning threshold is 1 to 100 percent of the goal.");
        }

        foreach (var channel in tab.Channels ?? [])
        {
            if (!KnownChannels.Contains(channel, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add("channels", $"Unknown channel '{channel}': use {string.Join(", ", KnownChannels)}.");
            }
        }

        if (tab.Channels is null || tab.Channels.Count == 0)
        {
            errors.Add("channels", "Choose at least one channel.");
        }

        var hours = tab.BusinessHours;
        if (hours is null)
        {
            errors.Add("businessHours", "Enter the standard business hours.");
            return errors.ToDictionary();
        }

        if (hours.TimeZone is not { } zone || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("businessHours.timeZone", $"'{hours.TimeZone}' is no known time zone; use an IANA name such as Europe/Berlin.");
        }

        var intervals = hours.Intervals ?? [];
        for (var i = 0; i < intervals.Count; i++)
        {
            if (intervals[i].From >= intervals[i].To)
            {
                errors.Add($"businessHours.intervals[{i}]", "An interval ends after it starts.");
            }
        }

        foreach (var day in intervals.GroupBy(i => i.Day))
        {
            var sorted = day.OrderBy(i => i.From).ToList();
            if (sorted.Zip(sorted.Skip(1)).Any(pair => pair.Second.From < pair.First.To))
            {
                errors.Add("businessHours.intervals", $"The intervals of {day.Key} overlap.");
            }
        }

        if ((hours.Holidays ?? []).GroupBy(d => d).Any(g => g.Count() > 1))
        {
            errors.Add("businessHours.holidays", "A holiday is listed twice.");
        }

        return errors.ToDictionary();
    }

    /// <summary>Addresses, and default inbound accounts among <paramref name="inboundAccountIds"/> (the tenant's inbound accounts), each once.</summary>
    public static Dictionary<string, string[]> AccountSettings(AccountSettingsTab tab, IReadOnlySet<Guid> inboundAccountIds)
    {
        var errors = new FieldErrors();
        foreach (var address in tab.DoNotReplyAddresses ?? [])
        {
            if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address.Trim())
            {
                errors.Add("doNotReplyAddresses", $"'{address}' is not an e-mail address.");
            }
        }

        var chosen = new HashSet<Guid>();
        var ids = tab.DefaultInboundAccountIds ?? [];
        for (var i = 0; i < ids.Count; i++)
        {
            if (!Guid.TryParse(ids[i], out var id) || !inboundAccountIds.Contains(id))
            {
                errors.Add($"defaultInboundAccountIds[{i}]", $"'{ids[i]}' is not an inbound account of this tenant: choose one of its IMAP/POP3 accounts.");
            }
            else if (!chosen.Add(id))
            {
                errors.Add($"defaultInboundAccountIds[{i}]", "This inbound account is listed twice.");
            }
        }

        return errors.ToDictionary();
    }

    /// <summary>The stylesheet fully validated by ContactCenter.Letters (every problem with its JSON path) and the directory confined.</summary>
    public Dictionary<string, string[]> Pdf(PdfTab tab)
    {
        var errors = new FieldErrors();
        if (tab.Stylesheet is { Length: > 0 } json)
        {
            foreach (var problem in LetterStylesheetReader.Validate(json, LetterStylesheetDirectory))
            {
                errors.Add("stylesheet", problem.ToString());
            }
        }

        try
        {
            new LetterOutputDirectory(LetterOutputRoot).ResolveTenantDirectory(tab.OutputDirectory ?? "");
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
            errors.Add("prefix", "Use up to 20 of 0–9, *, # and +.");
        }

        if (!DialCode().IsMatch(tab.Postfix ?? ""))
        {
            errors.Add("postfix", "Use up to 20 of 0–9, *, # and +.");
        }

        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> PhoneTickets(PhoneTicketTab tab, bool categoryExists)
    {
        var errors = new FieldErrors();
        if (tab.DefaultCategoryId is not null && !categoryExists)
        {
            errors.Add("defaultCategoryId", "Choose an existing category.");
        }

        if (tab.WrapUpSeconds is < 0 or > 3600)
        {
            errors.Add("wrapUpSeconds", "The wrap-up time is 0 to 3,600 seconds.");
        }

        return errors.ToDictionary();
    }

    public static Dictionary<string, string[]> AppSetting(string key, JsonElement value)
    {
        var errors = new FieldErrors();
        if (!AppSettingKey().IsMatch(key))
        {
            errors.Add("key", "Use a namespaced key such as crm.sync.interval: lower-case segments of letters, digits and '-', separated by dots.");
        }

        if (value.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add("value", "Give a JSON value.");
        }
        else if (value.GetRawText().Length > 20_000)
        {
            errors.Add("value", "The value has at most 20,000 characters of JSON.");
        }

        return errors.ToDictionary();
    }

    /// <summary>Root under which tenants' letter directories live (<c>Letters:OutputRoot</c>, default <c>data/letters</c>).</summary>
    public string LetterOutputRoot => Path.GetFullPath(configuration["Letters:OutputRoot"] ?? Path.Combine("data", "letters"));

    /// <summary>Where relative font and logo paths of an uploaded stylesheet are looked up (<c>Letters:StylesheetDirectory</c>).</summary>
    public string LetterStylesheetDirectory => Path.GetFullPath(configuration["Letters:StylesheetDirectory"] ?? Path.Combine("data", "letter-assets"));

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[0-9*#+]{0,20}$")]
    private static partial Regex DialCode();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$")]
    private static partial Regex AppSettingKey();
}
