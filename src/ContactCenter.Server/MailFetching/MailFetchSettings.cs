namespace ContactCenter.Server.MailFetching;

/// <summary>The fetch cycle's keys of the <c>Mail</c> configuration section.</summary>
public sealed class MailFetchSettings
{
    public const string Section = "Mail";

    /// <summary>
    /// False: this instance fetches no mail (<c>Mail:FetchEnabled</c>), though it runs other jobs; an instance with
    /// <c>Jobs:Enabled</c> false fetches none either.
    /// </summary>
    public bool FetchEnabled { get; set; } = true;

    /// <summary>The pause between two cycles (<c>Mail:FetchInterval</c>); a cycle that ran out of time starts the next at once.</summary>
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an instance holds an account it fetches (<c>Mail:FetchLease</c>); renewed every round, so another
    /// instance takes the account over this long after its holder died.
    /// </summary>
    public TimeSpan FetchLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one cycle goes round its accounts at most before it re-reads the account list (<c>Mail:FetchBudget</c>).</summary>
    public TimeSpan FetchBudget { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Accounts one instance fetches at once (<c>Mail:FetchConcurrency</c>).</summary>
    public int FetchConcurrency { get; set; } = 4;

    /// <summary>Time allowed for connecting to a mail server and for each command (<c>Mail:FetchTimeout</c>).</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often every tenant's accounts are written to the catalog's fetch directory again (<c>Mail:DirectorySyncInterval</c>).</summary>
    public TimeSpan DirectorySyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The settings of <paramref name="configuration"/>.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range; the message names the key.</exception>
    public static MailFetchSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<MailFetchSettings>() ?? new MailFetchSettings();
        Require(settings.FetchInterval > TimeSpan.Zero, nameof(FetchInterval), "a positive time span such as 00:00:30");
        Require(settings.FetchLease >= TimeSpan.FromSeconds(1), nameof(FetchLease), "at least 00:00:01");
        Require(settings.FetchBudget > TimeSpan.Zero, nameof(FetchBudget), "a positive time span");
        Require(settings.FetchConcurrency is >= 1 and <= 64, nameof(FetchConcurrency), "between 1 and 64");
        Require(settings.FetchTimeout > TimeSpan.Zero, nameof(FetchTimeout), "a positive time span");
        Require(settings.DirectorySyncInterval > TimeSpan.Zero, nameof(DirectorySyncInterval), "a positive time span");
        return settings;
    }

    private static void Require(bool valid, string key, string expected)
    {
        if (!valid)
        {
            throw new InvalidOperationException($"{Section}:{key} must be {expected}.");
        }
    }
}
