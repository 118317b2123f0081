using System.Globalization;
using System.Text.Json;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.TenantSettings;

/// <summary>The tenant edit mask: one tab per section, each saved on its own with its errors beside the fields.</summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class TenantSettingsModel(TenantSettingsService mask) : PageModel
{
    public static readonly (string Id, string Title)[] AllTabs =
    [
        ("general", "General"), ("settings", "Settings"), ("accounts", "Account settings"), ("individual", "Individual settings"),
        ("pdf", "PDF"), ("call", "Call Connector App"), ("phone", "Phone ticket configuration"),
    ];

    public TenantSettingsView View { get; private set; } = null!;

    public IReadOnlyList<AppSettingItem> AppSettings { get; private set; } = [];

    /// <summary>The tenant's inbound accounts, offered as default inbound accounts on the account-settings tab.</summary>
    public IReadOnlyList<InboundAccountChoice> InboundAccounts { get; private set; } = [];

    /// <summary>The default inbound accounts ticked on the form: what was typed after a refusal, else what is stored.</summary>
    public IReadOnlyCollection<string> CheckedInboundAccountIds { get; private set; } = [];

    public string Tab { get; private set; } = "general";

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public string? Saved { get; private set; }

    /// <summary>What the person typed, shown again when it was refused.</summary>
    public Dictionary<string, string?> Typed { get; } = [];

    public IEnumerable<(string Id, string Title)> Tabs =>
        AllTabs.Where(t => View.CallIntegrationEnabled || t.Id is not ("call" or "phone"));

    public IEnumerable<string> ErrorsFor(string field) =>
        Errors.Where(e => e.Key == field || e.Key.StartsWith(field + ".", StringComparison.Ordinal) || e.Key.StartsWith(field + "[", StringComparison.Ordinal))
            .SelectMany(e => e.Value);

    public string? Value(string field, string? stored) => Typed.TryGetValue(field, out var typed) ? typed : stored;

    public async Task<IActionResult> OnGetAsync(string? tab, CancellationToken cancellationToken)
    {
        await LoadAsync(tab, cancellationToken);
        return Tabs.Any(t => t.Id == Tab) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostGeneralAsync(string? name, string? description, CancellationToken cancellationToken) =>
        SaveAsync("general", () => mask.UpdateGeneralAsync(new GeneralTab(name, description), cancellationToken),
            ("name", name), ("description", description));

    public Task<IActionResult> OnPostSettingsAsync(
        bool takeCcIntoReply, bool spellCheckEnabled, string? spellCheckLanguage, string? serviceLevelGoalHours, string? serviceLevelWarningPercent,
        string? timeZone, string? intervals, string? holidays, string[]? channels, bool allowAllTenantsLogin, CancellationToken cancellationToken)
    {
        var parseErrors = new Dictionary<string, string[]>();
        var parsedIntervals = ParseIntervals(intervals, parseErrors);
        var parsedHolidays = ParseHolidays(holidays, parseErrors);
        var goal = ParseNumber(serviceLevelGoalHours, "serviceLevelGoalHours", parseErrors);
        var warning = ParseNumber(serviceLevelWarningPercent, "serviceLevelWarningPercent", parseErrors);
        var tab = new SettingsTab(takeCcIntoReply, spellCheckEnabled, spellCheckLanguage, goal, warning,
            new BusinessHours(timeZone, parsedIntervals, parsedHolidays), channels ?? [], allowAllTenantsLogin);
        return SaveAsync("settings", async () =>
            {
                if (parseErrors.Count > 0)
                {
                    return new TenantSettingsUpdate(null, parseErrors);
                }

                return await mask.UpdateSettingsAsync(tab, cancellationToken);
            },
            ("spellCheckLanguage", spellCheckLanguage), ("serviceLevelGoalHours", serviceLevelGoalHours), ("serviceLevelWarningPercent", serviceLevelWarningPercent),
            ("timeZone", timeZone), ("intervals", intervals), ("holidays", holidays));
    }

    public async Task<IActionResult> OnPostAccountsAsync(string? doNotReplyAddresses, string[]? defaultInboundAccountIds, CancellationToken cancellationToken)
    {
        var result = await SaveAsync("accounts",
            () => mask.UpdateAccountSettingsAsync(new AccountSettingsTab(Lines(doNotReplyAddresses), defaultInboundAccountIds ?? []), cancellationToken),
            ("doNotReplyAddresses", doNotReplyAddresses));
        if (Errors.Count > 0)
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
        var parseErrors = new Dictionary<string, string[]>();
        var seconds = ParseNumber(wrapUpSeconds, "wrapUpSeconds", parseErrors);
        return SaveAsync("phone", async () => parseErrors.Count > 0
                ? new TenantSettingsUpdate(null, parseErrors)
                : await mask.UpdatePhoneTicketsAsync(new PhoneTicketTab(defaultCategoryId, ticketPerCall, seconds), cancellationToken),
            ("wrapUpSeconds", wrapUpSeconds));
    }

    public async Task<IActionResult> OnPostAppSettingAsync(string? key, string? value, CancellationToken cancellationToken)
    {
        Dictionary<string, string[]> errors;
        try
        {
            using var document = JsonDocument.Parse(value ?? "");
            errors = await mask.PutAppSettingAsync(key ?? "", document.RootElement.Clone(), cancellationToken);
        }
        catch (JsonException invalid)
        {
            errors = new Dictionary<string, string[]> { ["value"] = [$"The value is not JSON: {invalid.Message}"] };
        }

        return await ShowAsync("individual", errors, errors.Count == 0 ? $"Saved {key}." : null, cancellationToken, ("key", key), ("value", value));
    }

    public async Task<IActionResult> OnPostRemoveAppSettingAsync(string key, CancellationToken cancellationToken)
    {
        var removed = await mask.RemoveAppSettingAsync(key, cancellationToken);
        return await ShowAsync("individual", [], removed ? $"Removed {key}." : null, cancellationToken);
    }

    /// <summary>One interval a line: <c>Monday 08:00-12:00</c>.</summary>
    public static string FormatIntervals(IEnumerable<BusinessInterval> intervals) =>
        string.Join('\n', intervals.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Day} {i.From:HH\\:mm}-{i.To:HH\\:mm}")));

    private async Task<IActionResult> SaveAsync(string tab, Func<Task<TenantSettingsUpdate>> save, params (string Field, string? Value)[] typed)
    {
        var result = await save();
        if (result.Refusal is not null)
        {
            return NotFound();
        }

        return await ShowAsync(tab, result.Errors, result.Succeeded ? "Saved." : null, HttpContext.RequestAborted, typed);
    }

    private async Task<IActionResult> ShowAsync(string tab, Dictionary<string, string[]> errors, string? saved, CancellationToken cancellationToken, params (string Field, string? Value)[] typed)
    {
        await LoadAsync(tab, cancellationToken);
        Errors = errors;
        Saved = saved;
        if (errors.Count > 0)
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

    private static List<BusinessInterval> ParseIntervals(string? text, Dictionary<string, string[]> errors)
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
                errors["businessHours.intervals"] = [.. errors.GetValueOrDefault("businessHours.intervals") ?? [], $"'{line}' is not like 'Monday 08:00-12:00'."];
            }
        }

        return intervals;
    }

    private static List<DateOnly> ParseHolidays(string? text, Dictionary<string, string[]> errors)
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
                errors["businessHours.holidays"] = [.. errors.GetValueOrDefault("businessHours.holidays") ?? [], $"'{line}' is not a date like 2026-12-25."];
            }
        }

        return holidays;
    }

    private static int ParseNumber(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors[field] = ["Enter a whole number."];
        return 0;
    }
}
