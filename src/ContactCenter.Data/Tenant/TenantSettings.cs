namespace ContactCenter.Data.Tenant;

/// <summary>The tenant's own settings (the General and Settings tabs of the tenant mask); one row.</summary>
public sealed class TenantSettings : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Description { get; set; }

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

    public Channels Channels { get; set; } = Channels.Email | Channels.Letter;

    /// <summary>Whether a person may log in for "all my tenants" including this one.</summary>
    public bool AllowAllTenantsLogin { get; set; } = true;
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
