namespace ContactCenter.Data.Catalog;

/// <summary>
/// A change the other server instances must hear of (a tenant's record, a client, a tenant's requests), for
/// instances that cannot <c>LISTEN</c>: behind pgbouncer in transaction mode, or on SQL Server. Each instance reads
/// the rows written since its last look and forgets what they name; rows are kept for minutes only.
/// </summary>
public sealed class CatalogChange
{
    public const int KindMaxLength = 20;
    public const int KeyMaxLength = 200;
    public const int InstanceMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime At { get; set; }

    /// <summary>The instance that made the change; it has already acted on it.</summary>
    public string Instance { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Key { get; set; } = "";
}

/// <summary>
/// How many times a rate-limited action (a sign-in, a token, a sign-up) was taken from one client address in one
/// fixed window, counted by every instance together.
/// </summary>
public sealed class RateLimitCounter
{
    public const int KeyMaxLength = 200;

    /// <summary>The limit's name and the client address.</summary>
    public string Key { get; set; } = "";

    /// <summary>The window's number: its start in Unix seconds divided by its length.</summary>
    public long Window { get; set; }

    public int Count { get; set; }

    /// <summary>When the window is over; the row may go then.</summary>
    public DateTime ExpiresAt { get; set; }
}
