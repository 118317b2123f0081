namespace ContactCenter.Data.Tenant;

/// <summary>The tenant's own settings (the General and Settings tabs of the tenant mask); one row.</summary>
public sealed class TenantSettings : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>
    /// The tenant's language (<c>en</c> or <c>de</c>): e-mails the product sends go out in it when the recipient's own
    /// language is not known.
    /// </summary>
    [System.ComponentModel.DataAnnotations.MaxLength(LanguageMaxLength)]
    public string Language { get; set; } = DefaultLanguage;

    public const int LanguageMaxLength = 8;

    public const string DefaultLanguage = "en";

    /// <summary>Received mail larger than this (megabytes, as the server sends it) goes to quarantine instead of becoming a request.</summary>
    public int MaxInboundMailMegabytes { get; set; } = DefaultMaxInboundMailMegabytes;

    public const int DefaultMaxInboundMailMegabytes = 25;

    public const int MaxInboundMailMegabytesLimit = 100;

    /// <summary>Take the CC addresses of a received mail into the reply proposal.</summary>
    public bool TakeCcIntoReply { get; set; } = true;

    public bool SpellCheckEnabled { get; set; } = true;

    public string SpellCheckLanguage { get; set; } = "en";

    /// <summary>Service level goal: a request is answered within this many hours.</summary>
    public int ServiceLevelGoalHours { get; set; } = 24;

    /// <summary>Warn when this share of the goal has passed.</summary>
    public int ServiceLevelWarningPercent { get; set; } = 80;

    /// <summary>IANA time zone of the standard business hours.</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";

    /// <summary>How many hours an external contact has to answer a forwarded request before the agent is reminded (a category may say otherwise).</summary>
    public int ForwardReminderHours { get; set; } = DefaultForwardReminderHours;

    public const int DefaultForwardReminderHours = 48;

    public Channels Channels { get; set; } = Channels.Email | Channels.Letter;

    /// <summary>Whether a person may log in for "all my tenants" including this one.</summary>
    public bool AllowAllTenantsLogin { get; set; } = true;

    /// <summary>Standard business hours: JSON of <c>{ "intervals": [{ "day": "Monday", "from": "08:00:00", "to": "12:00:00" }, …], "holidays": ["2026-12-25", …] }</c>.</summary>
    public string BusinessHoursJson { get; set; } = DefaultBusinessHours;

    /// <summary>"Please do not reply" addresses, one per line.</summary>
    public string DoNotReplyAddresses { get; set; } = "";

    /// <summary>The tenant's letter stylesheet (iMAIL4LETTER JSON); null for the default stylesheet.</summary>
    public string? LetterStylesheetJson { get; set; }

    /// <summary>Where batch letters go, relative to the platform's letter output root.</summary>
    public string LetterOutputDirectory { get; set; } = "letters";

    /// <summary>Telephone integration, switched on by the platform operator; the two call tabs show only when on.</summary>
    public bool CallIntegrationEnabled { get; set; }

    /// <summary>Signalled to the telephone system before the number of an outgoing call.</summary>
    public string CallPrefix { get; set; } = "";

    public string CallPostfix { get; set; } = "";

    public Guid? PhoneTicketCategoryId { get; set; }

    public bool TicketPerCall { get; set; } = true;

    public int WrapUpSeconds { get; set; } = 60;

    public const string DefaultBusinessHours =
        """{"intervals":[{"day":"Monday","from":"08:00:00","to":"17:00:00"},{"day":"Tuesday","from":"08:00:00","to":"17:00:00"},{"day":"Wednesday","from":"08:00:00","to":"17:00:00"},{"day":"Thursday","from":"08:00:00","to":"17:00:00"},{"day":"Friday","from":"08:00:00","to":"17:00:00"}],"holidays":[]}""";
}

/// <summary>A key/value entry apps keep for the tenant (the "Individual settings" tab): a namespaced key and a JSON value.</summary>
public sealed class TenantAppSetting : IAudited
{
    public const int KeyMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Namespaced, e.g. <c>crm.sync.interval</c>.</summary>
    public required string Key { get; set; }

    /// <summary>A JSON value (object, array, string, number, true/false/null).</summary>
    public required string JsonValue { get; set; }
}

internal sealed class TenantAppSettingConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<TenantAppSetting>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TenantAppSetting> setting)
    {
        setting.Property(s => s.Id).ValueGeneratedNever();
        setting.Property(s => s.Key).HasMaxLength(TenantAppSetting.KeyMaxLength);
        setting.HasIndex(s => s.Key).IsUnique();
        setting.Property(s => s.JsonValue).HasMaxLength(20_000);
    }
}

[Flags]
public enum Channels
{
    None = 0,
    Email = 1,
    Letter = 2,
    Phone = 4,
    Sms = 8,
}
