using System.Globalization;

namespace ContactCenter.Server.Escalation;

/// <summary>The <c>Escalation</c> configuration section: how often the backlog escalation looks, and how much one run moves.</summary>
public sealed class EscalationSettings
{
    public const string Section = "Escalation";

    /// <summary>
    /// The time between two scans (<c>Escalation:ScanInterval</c>): whole seconds under a minute (a divisor of 60 keeps
    /// the steps even), whole minutes under an hour, or whole hours up to a day, as a cron schedule can say it.
    /// </summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Requests one run moves at most per category (<c>Escalation:BatchSize</c>): a move copies a whole request with its
    /// mail, so a run stays short (seconds) and a large backlog goes over in the next runs, oldest first.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The Hangfire schedule of <see cref="ScanInterval"/> (six fields when it counts seconds).</summary>
    public string Cron => ScanInterval switch
    {
        { TotalSeconds: < 60 } every => Invariant($"*/{every.Seconds} * * * * *"),
        { TotalMinutes: < 60 } every => Invariant($"*/{every.Minutes} * * * *"),
        { TotalHours: < 24 } every => Invariant($"0 */{every.Hours} * * *"),
        _ => "0 0 * * *",
    };

    /// <summary>The settings of <paramref name="configuration"/>.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range; the message names the key.</exception>
    public static EscalationSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<EscalationSettings>() ?? new EscalationSettings();
        var interval = settings.ScanInterval;
        var expressible = interval.Ticks % TimeSpan.TicksPerSecond == 0 && interval switch
        {
            { TotalSeconds: < 1 } => false,
            { TotalSeconds: < 60 } => true,
            { TotalMinutes: < 60 } => interval.Ticks % TimeSpan.TicksPerMinute == 0,
            { TotalHours: < 24 } => interval.Ticks % TimeSpan.TicksPerHour == 0,
            _ => interval == TimeSpan.FromDays(1),
        };
        if (!expressible)
        {
            throw new InvalidOperationException(
                $"{Section}:{nameof(ScanInterval)} must be whole seconds under a minute, whole minutes under an hour or whole hours up to a day (such as 00:00:10, 00:05:00, 02:00:00); it is {interval}.");
        }

        if (settings.BatchSize is < 1 or > 10_000)
        {
            throw new InvalidOperationException($"{Section}:{nameof(BatchSize)} must be between 1 and 10000; it is {settings.BatchSize}.");
        }

        return settings;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
