namespace ContactCenter.Data.Catalog;

/// <summary>Which kind of account a <see cref="MailFetchAccount"/> is.</summary>
public enum MailFetchAccountKind
{
    /// <summary>A tenant's inbound account.</summary>
    Inbound,

    /// <summary>A tenant's own system account (reply, 2nd-level reply).</summary>
    System,

    /// <summary>A platform operator's global system account; its mail finds its tenant by the request token.</summary>
    GlobalSystem,
}

/// <summary>
/// Every account the fetch cycle goes round, in the catalog so that no instance has to open every tenant database to
/// find them; and the per-account lease that keeps two workers (of this or another instance) from fetching one
/// account at once, with the account's fetch status. The tenant's own tables stay the truth about an account's
/// settings: this row is written when they are saved and re-derived from them now and then.
/// </summary>
public sealed class MailFetchAccount
{
    public const int LeaseHolderMaxLength = 100;
    public const int ErrorMaxLength = 2000;

    public Guid AccountId { get; set; }

    /// <summary>The tenant whose account it is; null for a global system account.</summary>
    public Guid? TenantId { get; set; }

    public MailFetchAccountKind Kind { get; set; }

    /// <summary>Whether the account is enabled and has a server to fetch from.</summary>
    public bool Enabled { get; set; }

    /// <summary>The worker holding the account (instance and worker id), or null.</summary>
    public string? LeaseHolder { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public DateTime? LastFetchAt { get; set; }

    /// <summary>When a fetch last worked (or a long one last made progress); the fetch lag in <c>/metrics</c> counts from it.</summary>
    public DateTime? LastSucceededAt { get; set; }

    /// <summary>Why the last fetch failed; null after a fetch that worked.</summary>
    public string? LastError { get; set; }

    /// <summary>How many messages have been taken from the account, ever.</summary>
    public long MessagesTaken { get; set; }
}

/// <summary>
/// A message at a global system account whose tenant could not be found (no request token we know): kept with its
/// bytes and reason for the platform operators, as a tenant keeps its own quarantine.
/// </summary>
public sealed class GlobalQuarantinedMail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public long UidValidity { get; set; }

    public required string Uid { get; set; }

    public required string Sha256 { get; set; }

    public long Size { get; set; }

    public required byte[] Content { get; set; }

    public DateTime ReceivedAt { get; set; }

    public required string ReasonCode { get; set; }

    public required string Reason { get; set; }
}

/// <summary>
/// Which tenant a request token belongs to, so that mail arriving at a global system account (shared by every tenant)
/// finds its tenant without opening every tenant database. Written before a message carrying the token first leaves
/// the outbox; tokens leave the system no other way.
/// </summary>
public sealed class MailToken
{
    /// <summary>The request's token: 16 characters of lower-case base32.</summary>
    public required string Token { get; set; }

    public Guid TenantId { get; set; }

    public DateTime CreatedAt { get; set; }
}
