namespace ContactCenter.Server.Outbox;

/// <summary>The <c>Outbox</c> configuration section: how often and how long outgoing mail is tried.</summary>
public sealed class OutboxSettings
{
    public const string Section = "Outbox";

    /// <summary>Wait after the first failed attempt; doubled after every further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a message is given up as failed (8: about two hours with the default delays).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// How long a sender holds a claimed row. Far longer than one delivery takes (connect, sign in, send: each step
    /// times out after <see cref="SmtpTimeout"/>), so a row is taken over only when its sender has died.
    /// </summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Time allowed for connecting to the SMTP server and for each read or write.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages one run sends at most; a run that stops there enqueues the next.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var delay = FirstRetryDelay;
        for (var i = 1; i < attempts && delay < MaxRetryDelay; i++)
        {
            delay *= 2;
        }

        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
