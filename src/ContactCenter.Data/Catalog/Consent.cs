namespace ContactCenter.Data.Catalog;

/// <summary>
/// A person's consent that a client (not first-party) gets tokens for one tenant (or <c>*</c>, all their tenants)
/// and a set of scopes; asked once per tenant and scope set, revocable on the account page.
/// </summary>
public sealed class Consent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The tenant's slug, or <c>*</c> for all of the person's tenants.</summary>
    public required string Tenant { get; set; }

    /// <summary>The consented scopes, sorted, space separated.</summary>
    public required string Scopes { get; set; }

    public DateTime GrantedAt { get; set; }
}
