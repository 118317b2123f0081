using ContactCenter.Server.ServiceLevels;
using ContactCenter.Server.TenantSettings;

namespace ContactCenter.Server.Tests.ServiceLevels;

/// <summary>Due times counted in business hours: Europe/Berlin, Monday to Friday 08:00–17:00 unless a test says otherwise.</summary>
public sealed class ServiceLevelClockShould
{
    private static readonly BusinessHours Weekdays = Hours(
        [.. Enumerable.Range(1, 5).Select(day => new BusinessInterval((DayOfWeek)day, new TimeOnly(8, 0), new TimeOnly(17, 0)))]);

    [Fact]
    public void MeasureTheBusinessTimeBetweenTwoInstantsLeavingOutNightsAndWeekends()
    {
        // Friday 2026-12-11 16:00 in Berlin to Monday 09:30: one hour on Friday, one and a half on Monday.
        Assert.Equal(TimeSpan.FromMinutes(150), ServiceLevelClock.Elapsed(Utc("2026-12-11T15:00"), Utc("2026-12-14T08:30"), Weekdays));
        // Within the night: none; backwards: none.
        Assert.Equal(TimeSpan.Zero, ServiceLevelClock.Elapsed(Utc("2026-12-07T20:00"), Utc("2026-12-07T22:00"), Weekdays));
        Assert.Equal(TimeSpan.Zero, ServiceLevelClock.Elapsed(Utc("2026-12-08T12:00"), Utc("2026-12-07T12:00"), Weekdays));
        // And it is what the due time counts: the goal elapsed from a start is due at the end.
        var start = Utc("2026-12-07T14:00");
        Assert.Equal(TimeSpan.FromMinutes(617), ServiceLevelClock.Elapsed(start, ServiceLevelClock.DueAt(start, TimeSpan.FromMinutes(617), Weekdays)!.Value, Weekdays));
    }

    [Fact]
    public void CountAnIntervalEndingAt2359ToMidnight()
    {
        var allWeek = Hours([.. Enum.GetValues<DayOfWeek>().Select(day => new BusinessInterval(day, TimeOnly.MinValue, new TimeOnly(23, 59)))]);
        // Monday 2026-12-07 23:30 in Berlin: thirty minutes later is 00:00, an hour later 00:30, as on the clock.
        Assert.Equal(Utc("2026-12-07T23:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T22:30"), TimeSpan.FromMinutes(30), allWeek));
        Assert.Equal(Utc("2026-12-07T23:30"), ServiceLevelClock.DueAt(Utc("2026-12-07T22:30"), TimeSpan.FromHours(1), allWeek));
        Assert.Equal(TimeSpan.FromDays(3), ServiceLevelClock.Elapsed(Utc("2026-12-07T12:00"), Utc("2026-12-10T12:00"), allWeek));
        // An interval ending earlier keeps its end: 00:00–23:58 leaves two minutes out before midnight.
        var almost = Hours([.. Enum.GetValues<DayOfWeek>().Select(day => new BusinessInterval(day, TimeOnly.MinValue, new TimeOnly(23, 58)))]);
        Assert.Equal(Utc("2026-12-07T23:02"), ServiceLevelClock.DueAt(Utc("2026-12-07T22:30"), TimeSpan.FromMinutes(30), almost));
    }

    [Fact]
    public void CountWithinOneDay()
    {
        // Monday 2026-12-07 09:00 in Berlin (UTC+1) → 13:00.
        Assert.Equal(Utc("2026-12-07T12:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T08:00"), TimeSpan.FromHours(4), Weekdays));
    }

    [Fact]
    public void BeDueAtClosingTimeWhenTheGoalEndsThere()
    {
        Assert.Equal(Utc("2026-12-07T16:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T07:00"), TimeSpan.FromHours(9), Weekdays));
    }

    [Fact]
    public void CarryOverNightIntoTheNextMorning()
    {
        // Monday 15:00: two hours on Monday, two on Tuesday from 08:00 → Tuesday 10:00 (09:00 UTC).
        Assert.Equal(Utc("2026-12-08T09:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T14:00"), TimeSpan.FromHours(4), Weekdays));
    }

    [Fact]
    public void StartCountingWhenBusinessOpens()
    {
        // Received Monday 22:00: the hour starts Tuesday 08:00.
        Assert.Equal(Utc("2026-12-08T08:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T21:00"), TimeSpan.FromHours(1), Weekdays));
    }

    [Fact]
    public void SkipTheWeekend()
    {
        // Friday 2026-12-11 16:00: one hour on Friday, two on Monday → Monday 10:00.
        Assert.Equal(Utc("2026-12-14T09:00"), ServiceLevelClock.DueAt(Utc("2026-12-11T15:00"), TimeSpan.FromHours(3), Weekdays));
    }

    [Fact]
    public void SkipHolidays()
    {
        var christmas = Weekdays with { Holidays = [new DateOnly(2026, 12, 25)] };

        // Thursday 24th 16:00: one hour then, Friday is a holiday, the weekend follows → Monday 28th 09:00.
        Assert.Equal(Utc("2026-12-28T08:00"), ServiceLevelClock.DueAt(Utc("2026-12-24T15:00"), TimeSpan.FromHours(2), christmas));
        Assert.Equal(Utc("2026-12-25T08:00"), ServiceLevelClock.DueAt(Utc("2026-12-24T15:00"), TimeSpan.FromHours(2), Weekdays));
    }

    [Fact]
    public void FollowTheWallClockAcrossTheChangeOfTime()
    {
        // Friday 2026-10-23 16:00 CEST (UTC+2); the clocks go back on Sunday; Monday 08:00 is CET (UTC+1).
        Assert.Equal(Utc("2026-10-26T08:00"), ServiceLevelClock.DueAt(Utc("2026-10-23T14:00"), TimeSpan.FromHours(2), Weekdays));
        // Friday 2027-03-26 16:00 CET; the clocks go forward on Sunday; Monday 09:00 is CEST (UTC+2).
        Assert.Equal(Utc("2027-03-29T07:00"), ServiceLevelClock.DueAt(Utc("2027-03-26T15:00"), TimeSpan.FromHours(2), Weekdays));
    }

    [Fact]
    public void CountTheRealLengthOfAnIntervalTheClocksChangeIn()
    {
        var sundayNights = Hours([new BusinessInterval(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0))]);

        // 2026-10-25: 01:00 CEST (23:00 UTC) to 04:00 CET (03:00 UTC) are four hours.
        Assert.Equal(Utc("2026-10-25T03:00"), ServiceLevelClock.DueAt(Utc("2026-10-24T12:00"), TimeSpan.FromHours(4), sundayNights));
        // 2027-03-28: 01:00 CET (00:00 UTC) to 04:00 CEST (02:00 UTC) are two; the third hour is the next Sunday's first.
        Assert.Equal(Utc("2027-04-04T00:00"), ServiceLevelClock.DueAt(Utc("2027-03-27T12:00"), TimeSpan.FromHours(3), sundayNights));
    }

    [Fact]
    public void RunAGoalLongerThanAWeekIntoTheNextWeek()
    {
        // 45 business hours a week: 50 hours from Monday 08:00 end the next Monday at 13:00.
        Assert.Equal(Utc("2026-12-14T12:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T07:00"), TimeSpan.FromHours(50), Weekdays));
        // The most a tenant may set, 8,760 hours, is 194 such weeks and 30 hours: the Thursday 11:00 (summer time) 194 weeks on.
        Assert.Equal(Utc("2030-08-29T09:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T07:00"), TimeSpan.FromHours(8760), Weekdays));
    }

    [Fact]
    public void CountOnlyTheIntervalsOfADay()
    {
        var lunchBreak = Hours([new BusinessInterval(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)), new BusinessInterval(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(17, 0))]);

        Assert.Equal(Utc("2026-12-07T13:00"), ServiceLevelClock.DueAt(Utc("2026-12-07T07:00"), TimeSpan.FromHours(5), lunchBreak));
        Assert.Equal(Utc("2026-12-14T07:30"), ServiceLevelClock.DueAt(Utc("2026-12-07T07:00"), TimeSpan.FromHours(8.5), lunchBreak));
    }

    [Fact]
    public void HaveNoDueTimeWithoutBusinessHours()
    {
        Assert.Null(ServiceLevelClock.DueAt(Utc("2026-12-07T07:00"), TimeSpan.FromHours(1), Hours([])));
        Assert.Null(ServiceLevelClock.DueAt(Utc("2026-12-07T07:00"), TimeSpan.FromHours(1), new BusinessHours("Europe/Berlin", null, null)));
    }

    [Fact]
    public void BeDueAtOnceForAGoalOfZero()
    {
        Assert.Equal(Utc("2026-12-06T07:00"), ServiceLevelClock.DueAt(Utc("2026-12-06T07:00"), TimeSpan.Zero, Weekdays));
    }

    [Fact]
    public void RefuseALocalStartTime()
    {
        Assert.Throws<ArgumentException>(() => ServiceLevelClock.DueAt(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Local), TimeSpan.FromHours(1), Weekdays));
    }

    private static BusinessHours Hours(IReadOnlyList<BusinessInterval> intervals) => new("Europe/Berlin", intervals, []);

    private static DateTime Utc(string time) =>
        DateTime.SpecifyKind(DateTime.Parse(time, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
