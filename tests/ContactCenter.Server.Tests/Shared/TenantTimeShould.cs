namespace ContactCenter.Server.Tests.Shared;

/// <summary>Times as a person reads them: in the tenant's zone, in the language of the request.</summary>
public sealed class TenantTimeShould
{
    private static readonly DateTimeOffset Instant = new(2026, 12, 2, 16, 40, 0, TimeSpan.Zero);

    [Fact]
    public void ShowGermanTimesInTheTenantsZone() =>
        Assert.Equal("02.12.2026 17:40", Localization.In("de", () => TenantTime.Format(Instant, "Europe/Berlin")));

    [Fact]
    public void ShowEnglishTimesInTheTenantsZone() =>
        Assert.Equal("12/2/2026 11:40 AM", Localization.In("en", () => TenantTime.Format(Instant, "America/New_York")).Replace('\u202f', ' '));

    [Fact]
    public void FallBackToUtcForAnUnknownZone() =>
        Assert.Equal(TimeSpan.Zero, TenantTime.In(Instant, "Nowhere/Atlantis").Offset);

    [Fact]
    public void RestoreTheCallersCultureAfterAnotherLanguage()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        Assert.Equal("Mittwoch", Localization.In("de", () => Instant.ToString("dddd", System.Globalization.CultureInfo.CurrentCulture)));
        Assert.Equal(before, System.Globalization.CultureInfo.CurrentUICulture);
    }
}
