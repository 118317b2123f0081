using System.Globalization;
using System.Text.Json;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.TenantSettings;

/// <summary>The tenant edit mask: one tab per section, each saved on its own with its errors beside the fields.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
[MultiLineText("description", "intervals", "holidays", "doNotReplyAddresses", "value", "stylesheet")]
public sealed class TenantSettingsModel(TenantSettingsService mask, IStringLocalizer<TenantSettingsTexts> texts) : PageModel
{
    /// <summary>The tabs by id, with the resource keys of their titles.</summary>
    public static readonly (string Id, string TitleKey)[] AllTabs =
    [
        ("general", "TabGeneral"), ("settings", "TabSettings"), ("accounts", "TabAccounts"), ("individual", "TabIndividual"),
        ("pdf", "TabPdf"), ("call", "TabCall"), ("phone", "TabPhone"),
    ];

    public TenantSettingsView View { get; private set; } = null!;

    public IReadOnlyList<AppSettingItem> AppSettings { get; private set; } = [];

    /// <summary>The tenant's inbound accounts, offered as default inbound accounts on the account-settings tab.</summary>
    public IReadOnlyList<InboundAccountChoice> InboundAccounts { get; private set; } = [];

    /// <summary>The default inbound accounts ticked on the form: what was typed after a refusal, else what is stored.</summary>
    public IReadOnlyCollection<string> CheckedInboundAccountIds { get; private set; } = [];

    public string Tab { get; private set; } = "general";

    public FormErrors Errors { get; } = new();

    public string? Saved { get; private set; }

    /// <summary>What the person typed, shown again when it was refused.</summary>
    public Dictionary<string, string?> Typed { get; } = [];

    public IEnumerable<(string Id, string Title)> Tabs =>
        AllTabs.Where(t => View.CallIntegrationEnabled || t.Id is not ("call" or "phone")).Select(t => (t.Id, texts[t.TitleKey].Value));

    public string? Value(string field, string? stored) => Typed.TryGetValue(field, out var typed) ? typed : stored;

    public async Task<IActionResult> OnGetAsync(string? tab, CancellationToken cancellationToken)
    {
        await LoadAsync(tab, cancellationToken);
        return Tabs.Any(t => t.Id == Tab) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostGeneralAsync(string? name, string? description, string? language, CancellationToken cancellationToken) =>
        SaveAsync("general", () => mask.UpdateGeneralAsync(new GeneralTab(name, description, language), cancellationToken),
            ("name", name), ("description", description), ("language", language));

    public Task<IActionResult> OnPostSettingsAsync(
        bool takeCcIntoReply, bool spellCheckEnabled, string? spellCheckLanguage, string? serviceLevelGoalHours, string? serviceLevelWarningPercent,
        string? timeZone, string? intervals, string? holidays, string[]? channels, bool allowAllTenantsLogin, string? forwardReminderHours, CancellationToken cancellationToken)
    {
        // What the form cannot even turn into the tab is refused here; the rest the service checks.
        var parsedIntervals = ParseIntervals(intervals);
        var parsedHolidays = ParseHolidays(holidays);
        var goal = ParseNumber(serviceLevelGoalHours, "serviceLevelGoalHours");
        var warning = ParseNumber(serviceLevelWarningPercent, "serviceLevelWarningPercent");
        // Left empty, the stored reminder hours stay (as the API's null does).
        int? reminder = string.IsNullOrWhiteSpace(forwardReminderHours) ? null : ParseNumber(forwardReminderHours, "forwardReminderHours");
        var tab = new SettingsTab(takeCcIntoReply, spellCheckEnabled, spellCheckLanguage, goal, warning,
            new BusinessHours(timeZone, parsedIntervals, parsedHolidays), channels ?? [], allowAllTenantsLogin, reminder);
        return SaveAsync("settings", () => mask.UpdateSettingsAsync(tab, cancellationToken),
            ("spellCheckLanguage", spellCheckLanguage), ("serviceLevelGoalHours", serviceLevelGoalHours), ("serviceLevelWarningPercent", serviceLevelWarningPercent),
            ("timeZone", timeZone), ("intervals", intervals), ("holidays", holidays), ("forwardReminderHours", forwardReminderHours));
    }

    public async Task<IActionResult> OnPostAccountsAsync(
        string? doNotReplyAddresses, string[]? defaultInboundAccountIds, string? maxInboundMailMegabytes, CancellationToken cancellationToken)
    {
        // Left empty, the stored limit stays (as the API's null does).
        int? megabytes = string.IsNullOrWhiteSpace(maxInboundMailMegabytes) ? null : ParseNumber(maxInboundMailMegabytes, "maxInboundMailMegabytes");
        var result = await SaveAsync("accounts",
            () => mask.UpdateAccountSettingsAsync(new AccountSettingsTab(Lines(doNotReplyAddresses), defaultInboundAccountIds ?? [], megabytes), cancellationToken),
            ("doNotReplyAddresses", doNotReplyAddresses), ("maxInboundMailMegabytes", maxInboundMailMegabytes));
        if (Errors.Any)
        {
            CheckedInboundAccountIds = defaultInboundAccountIds ?? [];
        }

        return result;
    }

    public async Task<IActionResult> OnPostPdfAsync(string? stylesheet, IFormFile? stylesheetFile, string? outputDirectory, CancellationToken cancellationToken)
    {
        if (stylesheetFile is { Length: > 0 })
        {
            using var reader = new StreamReader(stylesheetFile.OpenReadStream());
            stylesheet = await reader.ReadToEndAsync(cancellationToken);
        }

        return await SaveAsync("pdf", () => mask.UpdatePdfAsync(new PdfTab(stylesheet, outputDirectory), cancellationToken),
            ("stylesheet", stylesheet), ("outputDirectory", outputDirectory));
    }

    public Task<IActionResult> OnPostCallAsync(string? prefix, string? postfix, CancellationToken cancellationToken) =>
        SaveAsync("call", () => mask.UpdateCallConnectorAsync(new CallConnectorTab(prefix, postfix), cancellationToken), ("prefix", prefix), ("postfix", postfix));

    public Task<IActionResult> OnPostPhoneAsync(Guid? defaultCategoryId, bool ticketPerCall, string? wrapUpSeconds, CancellationToken cancellationToken)
    {
        Errors.AddUnbound(ModelState);
        var seconds = ParseNumber(wrapUpSeconds, "wrapUpSeconds");
        return SaveAsync("phone", () => mask.UpdatePhoneTicketsAsync(new PhoneTicketTab(defaultCategoryId, ticketPerCall, seconds), cancellationToken),
            ("wrapUpSeconds", wrapUpSeconds));
    }

    public async Task<IActionResult> OnPostAppSettingAsync(string? key, string? value, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(value ?? "");
            Errors.Add(await mask.PutAppSettingAsync(key ?? "", document.RootElement.Clone(), cancellationToken));
        }
        catch (JsonException invalid)
        {
            Errors.Add("value", texts["ValueNotJson", invalid.Message]);
        }

        return await ShowAsync("individual", Errors.Any ? null : texts["SavedKey", key ?? ""].Value, cancellationToken, ("key", key), ("value", value));
    }

    public async Task<IActionResult> OnPostRemoveAppSettingAsync(string key, CancellationToken cancellationToken)
    {
        var removed = await mask.RemoveAppSettingAsync(key, cancellationToken);
        return await ShowAsync("individual", removed ? texts["RemovedKey", key].Value : null, cancellationToken);
    }

    /// <summary>One interval a line: <c>Monday 08:00-12:00</c>.</summary>
    public static string FormatIntervals(IEnumerable<BusinessInterval> intervals) =>
        string.Join('\n', intervals.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Day} {i.From:HH\\:mm}-{i.To:HH\\:mm}")));

    /// <summary>Saves the tab unless the form was already refused while reading it.</summary>
    private async Task<IActionResult> SaveAsync(string tab, Func<Task<TenantSettingsUpdate>> save, params (string Field, string? Value)[] typed)
    {
        string? saved = null;
        if (!Errors.Any)
        {
            var result = await save();
            if (result.Refusal is not null)
            {
                return NotFound();
            }

            Errors.Add(result.Errors);
            saved = result.Succeeded ? texts["Saved"].Value : null;
        }

        return await ShowAsync(tab, saved, HttpContext.RequestAborted, typed);
    }

    private async Task<IActionResult> ShowAsync(string tab, string? saved, CancellationToken cancellationToken, params (string Field, string? Value)[] typed)
    {
        await LoadAsync(tab, cancellationToken);
        Saved = saved;
        if (Errors.Any)
        {
            foreach (var (field, value) in typed)
            {
                Typed[field] = value;
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    private async Task LoadAsync(string? tab, CancellationToken cancellationToken)
    {
        View = await mask.GetAsync(cancellationToken);
        AppSettings = await mask.AppSettingsAsync(cancellationToken);
        InboundAccounts = await mask.InboundAccountChoicesAsync(cancellationToken);
        CheckedInboundAccountIds = View.AccountSettings.DefaultInboundAccountIds?.ToList() ?? [];
        Tab = tab ?? "general";
    }

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private List<BusinessInterval> ParseIntervals(string? text)
    {
        var intervals = new List<BusinessInterval>();
        foreach (var line in Lines(text))
        {
            var parts = line.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && Enum.TryParse<DayOfWeek>(parts[0], ignoreCase: true, out var day)
                && TimeOnly.TryParse(parts[1], CultureInfo.InvariantCulture, out var from) && TimeOnly.TryParse(parts[2], CultureInfo.InvariantCulture, out var to))
            {
                intervals.Add(new BusinessInterval(day, from, to));
            }
            else
            {
                Errors.Add("businessHours.intervals", texts["IntervalUnreadable", line]);
            }
        }

        return intervals;
    }

    private List<DateOnly> ParseHolidays(string? text)
    {
        var holidays = new List<DateOnly>();
        foreach (var line in Lines(text))
        {
            if (DateOnly.TryParseExact(line, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                holidays.Add(date);
            }
            else
            {
                Errors.Add("businessHours.holidays", texts["HolidayUnreadable", line]);
            }
        }

        return holidays;
    }

    private int ParseNumber(string? text, string field)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        Errors.Add(field, texts["WholeNumber"]);
        return 0;
    }
}
