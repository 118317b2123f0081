using ContactCenter.Server.Escalation;
using Microsoft.Extensions.Configuration;

namespace ContactCenter.Server.Tests.Escalation;

/// <summary><c>Escalation:ScanInterval</c> becomes the job's cron schedule; what a schedule cannot say is refused at start.</summary>
public sealed class EscalationSettingsShould
{
    [Theory]
    [InlineData(null, "*/1 * * * *")]
    [InlineData("00:00:05", "*/5 * * * * *")]
    [InlineData("00:00:01", "*/1 * * * * *")]
    [InlineData("00:15:00", "*/15 * * * *")]
    [InlineData("02:00:00", "0 */2 * * *")]
    [InlineData("1.00:00:00", "0 0 * * *")]
    public void TurnTheScanIntervalIntoASchedule(string? interval, string cron)
    {
        var settings = EscalationSettings.From(Configuration(("Escalation:ScanInterval", interval)));

        Assert.Equal(cron, settings.Cron);
    }

    [Theory]
    [InlineData("Escalation:ScanInterval", "00:00:00.500", "ScanInterval")]
    [InlineData("Escalation:ScanInterval", "00:01:30", "ScanInterval")]
    [InlineData("Escalation:ScanInterval", "01:30:00", "ScanInterval")]
    [InlineData("Escalation:ScanInterval", "2.00:00:00", "ScanInterval")]
    [InlineData("Escalation:BatchSize", "0", "BatchSize")]
    public void RefuseWhatAScheduleCannotSayNamingTheKey(string key, string value, string named)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => EscalationSettings.From(Configuration((key, value))));

        Assert.Contains("Escalation:" + named, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A configuration with the one setting; none at all for a null value (the key is not there).</summary>
    private static IConfiguration Configuration((string Key, string? Value) setting) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(setting.Value is null ? [] : [new KeyValuePair<string, string?>(setting.Key, setting.Value)])
            .Build();
}
