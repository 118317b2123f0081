using System.Globalization;

namespace ContactCenter.Server;

/// <summary>Times as a person reads them: in the tenant's time zone (its settings), formatted in the request's culture.</summary>
public static class TenantTime
{
    /// <summary>Date and time, e.g. <c>12/2/2026 5:40 PM</c> in English and <c>02.12.2026 17:40</c> in German.</summary>
    public static string Format(DateTimeOffset instant, string? timeZoneId) =>
        In(instant, timeZoneId).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>The date alone, in the request's culture's short form.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>The instant in the tenant's zone; UTC when the zone is unknown on this machine.</summary>
    public static DateTimeOffset In(DateTimeOffset instant, string? timeZoneId) =>
        timeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone)
            ? TimeZoneInfo.ConvertTime(instant, zone)
            : instant.ToUniversalTime();
}
