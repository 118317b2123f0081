namespace ContactCenter.Server.TenantSettings;

/// <summary>The tenant edit mask, one member per tab; the call tabs are null while call integration is off.</summary>
public sealed record TenantSettingsView(
    GeneralTab General,
    SettingsTab Settings,
    AccountSettingsTab AccountSettings,
    PdfTab Pdf,
    bool CallIntegrationEnabled,
    CallConnectorTab? CallConnector,
    PhoneTicketTab? PhoneTickets);

/// <summary>Name, description and the tenant's language (<c>en</c> or <c>de</c>; null keeps the stored one).</summary>
public sealed record GeneralTab(string? Name, string? Description, string? Language = null);

/// <summary>The settings tab; <c>forwardReminderHours</c> (how long an external contact has to answer a forward before the agent is reminded; a category may say otherwise) null keeps the stored value.</summary>
public sealed record SettingsTab(
    bool TakeCcIntoReply,
    bool SpellCheckEnabled,
    string? SpellCheckLanguage,
    int ServiceLevelGoalHours,
    int ServiceLevelWarningPercent,
    BusinessHours? BusinessHours,
    IReadOnlyList<string>? Channels,
    bool AllowAllTenantsLogin,
    int? ForwardReminderHours = null);

/// <summary>Standard business hours: several intervals a day, a time zone, holidays.</summary>
public sealed record BusinessHours(string? TimeZone, IReadOnlyList<BusinessInterval>? Intervals, IReadOnlyList<DateOnly>? Holidays);

/// <summary>One interval, e.g. Monday 08:00–12:00.</summary>
public sealed record BusinessInterval(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>
/// "Please do not reply" addresses, the default inbound accounts (ids of the tenant's IMAP/POP3 accounts; strings,
/// so that a malformed id is reported as a field error like any other) and the largest mail taken in as a request
/// (megabytes; larger mail goes to quarantine; null keeps the stored limit).
/// </summary>
public sealed record AccountSettingsTab(
    IReadOnlyList<string>? DoNotReplyAddresses, IReadOnlyList<string>? DefaultInboundAccountIds = null, int? MaxInboundMailMegabytes = null);

/// <summary>An inbound account offered as a default on the account-settings tab.</summary>
public sealed record InboundAccountChoice(Guid Id, string Name, string Protocol, string Host);

/// <summary>The letter stylesheet (JSON text; null for the default) and the output directory under the letter root.</summary>
public sealed record PdfTab(string? Stylesheet, string? OutputDirectory);

public sealed record CallConnectorTab(string? Prefix, string? Postfix);

public sealed record PhoneTicketTab(Guid? DefaultCategoryId, bool TicketPerCall, int WrapUpSeconds);

public sealed record CallIntegrationSwitch(bool Enabled);

public sealed record AppSettingItem(string Key, System.Text.Json.JsonElement Value);

public sealed record AuditItem(DateTime At, string Actor, string Entity, Guid EntityId, string Change, string? Field, string? OldValue, string? NewValue);
