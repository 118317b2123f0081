using ContactCenter.Data.Tenant;
using ContactCenter.Server.TenantSettings;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.ServiceLevels;

/// <summary>
/// When a request's service level falls due: its goal counted in the tenant's business hours only — per weekday, on the
/// wall clock of the tenant's time zone, holidays left out.
/// <para>
/// The goal is the category's service-level override when it has one, else the tenant's service-level goal (the
/// category page: the override "replaces the tenant's service-level goal for requests of this category"). The category's
/// KPI goal is not a due time: it is the target the KPI warnings measure against.
/// </para>
/// </summary>
public static class ServiceLevelClock
{
    /// <summary>An interval that ends at this time or later ends at midnight.</summary>
    private static readonly TimeOnly LastMinute = new(23, 59);

    /// <summary>The due time of a request of <paramref name="categoryId"/> (none: the tenant's goal) received at <paramref name="startUtc"/>.</summary>
    /// <returns>The due time (UTC), or null when the tenant has no business hours or no positive goal.</returns>
    /// <exception cref="TimeZoneNotFoundException">The tenant's time zone is not known on this machine.</exception>
    public static async Task<DateTime?> DueAtAsync(TenantDbContext db, Guid? categoryId, DateTime startUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var overrideHours = categoryId is { } id
            ? await db.CategoryProfiles.AsNoTracking().Where(p => p.Id == id).Select(p => p.ServiceLevelOverrideHours).SingleOrDefaultAsync(cancellationToken)
            : null;
        var goalHours = overrideHours ?? settings.ServiceLevelGoalHours;
        return goalHours > 0 ? DueAt(startUtc, TimeSpan.FromHours(goalHours), TenantSettingsService.BusinessHoursOf(settings)) : null;
    }

    /// <summary>
    /// The moment (UTC) at which <paramref name="goal"/> of business time has passed since <paramref name="startUtc"/>.
    /// Time outside the business-hour intervals and on holidays does not count, so a request received at night starts
    /// counting when business opens; a goal used up exactly at closing time is due at closing time. An interval that ends
    /// at 23:59 (the last time the form takes: 24:00 is no time of day) runs to midnight, so that hours of 00:00–23:59
    /// every day are the whole week.
    /// </summary>
    /// <remarks>
    /// Intervals are wall-clock times in the tenant's zone, so 08:00–17:00 is 08:00–17:00 in summer and winter alike.
    /// On the days the clocks change, an interval runs from the first moment its start is read on the clock to the last
    /// moment its end is (when the clocks go back, 02:00–03:00 lasts two hours); a time the clocks skip counts as that
    /// time shifted by the gap (02:30 on the spring day is 03:30).
    /// </remarks>
    /// <returns>
    /// The due time; <paramref name="startUtc"/> for a goal of zero or less; null when there are no business hours at all
    /// (no interval of positive length), since then the goal never passes.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="startUtc"/> is a local time.</exception>
    /// <exception cref="TimeZoneNotFoundException">The time zone of <paramref name="hours"/> is not known on this machine.</exception>
    public static DateTime? DueAt(DateTime startUtc, TimeSpan goal, BusinessHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (startUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("The start must be a UTC time.", nameof(startUtc));
        }

        startUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        var intervals = (hours.Intervals ?? []).Where(i => i.To > i.From).OrderBy(i => i.From).ToLookup(i => i.Day);
        var week = intervals.SelectMany(day => day).Aggregate(TimeSpan.Zero, (sum, i) => sum + (i.To - i.From));
        if (week <= TimeSpan.Zero)
        {
            return null;
        }

        if (goal <= TimeSpan.Zero)
        {
            return startUtc;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone ?? "UTC");
        var holidays = (hours.Holidays ?? []).ToHashSet();
        // Every week without holidays brings at least a week's business time less the hour a clock change can take, so
        // the goal is used up well within this many days; past them the hours cannot be reached (e.g. all in a DST gap).
        var lastDay = (int)Math.Ceiling(goal / week) * 7 * 2 + 7 * (holidays.Count + 2);
        var remaining = goal;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(startUtc, zone));
        for (var i = 0; i <= lastDay; i++, day = day.AddDays(1))
        {
            if (holidays.Contains(day))
            {
                continue;
            }

            foreach (var interval in intervals[day.DayOfWeek])
            {
                var from = Max(ToUtc(day.ToDateTime(interval.From), zone, earliest: true), startUtc);
                var to = ToUtc(interval.To >= LastMinute ? day.AddDays(1).ToDateTime(TimeOnly.MinValue) : day.ToDateTime(interval.To), zone, earliest: false);
                if (to <= from)
                {
                    continue;
                }

                if (to - from >= remaining)
                {
                    return from + remaining;
                }

                remaining -= to - from;
            }
        }

        return null;
    }

    /// <summary>
    /// How much business time passed between <paramref name="fromUtc"/> and <paramref name="toUtc"/>, to the minute
    /// (rounded down): the goal whose due time from <paramref name="fromUtc"/> is still no later than <paramref name="toUtc"/>.
    /// </summary>
    /// <exception cref="TimeZoneNotFoundException">The time zone of <paramref name="hours"/> is not known on this machine.</exception>
    public static TimeSpan Elapsed(DateTime fromUtc, DateTime toUtc, BusinessHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (toUtc <= fromUtc || DueAt(fromUtc, TimeSpan.FromMinutes(1), hours) is null)
        {
            return TimeSpan.Zero;
        }

        // Business time never runs faster than the clock: the answer lies between none and the whole span.
        long low = 0, high = (long)Math.Ceiling((toUtc - fromUtc).TotalMinutes);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (DueAt(fromUtc, TimeSpan.FromMinutes(middle), hours) is { } due && due <= toUtc)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return TimeSpan.FromMinutes(low);
    }

    /// <summary>The UTC instant of a wall-clock time: the earlier or later of a time read twice, a skipped time shifted by the gap.</summary>
    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone, bool earliest)
    {
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return DateTime.SpecifyKind(local - (earliest ? offsets.Max() : offsets.Min()), DateTimeKind.Utc);
        }

        if (zone.IsInvalidTime(local))
        {
            // The offset in force before the clocks jumped (no zone changes its offset twice within hours).
            return DateTime.SpecifyKind(local - zone.GetUtcOffset(local.AddHours(-6)), DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
