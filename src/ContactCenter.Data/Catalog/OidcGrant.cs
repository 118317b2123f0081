namespace ContactCenter.Data.Catalog;

/// <summary>
/// What the provider issued and must remember: an authorization code, a refresh token or an access token
/// (by its <c>jti</c>). Only a hash of a code or refresh token is stored. Every grant that descends from
/// one authorization belongs to one chain, so a reused code or refresh token can revoke them all.
/// </summary>
public sealed class OidcGrant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public OidcGrantKind Kind { get; set; }

    /// <summary>SHA-256 of the handle (code or refresh token), or the access token's <c>jti</c>.</summary>
    public required string Handle { get; set; }

    public Guid ChainId { get; set; }

    public required string ClientId { get; set; }

    public Guid? UserId { get; set; }

    /// <summary>The tenant slug the grant is for, or <c>*</c> for all of the person's tenants.</summary>
    public string? Tenant { get; set; }

    public string Scopes { get; set; } = "";

    public string? RedirectUri { get; set; }

    public string? Nonce { get; set; }

    public string? CodeChallenge { get; set; }

    /// <summary>When the person authenticated (OIDC <c>auth_time</c>).</summary>
    public DateTime? AuthenticatedAt { get; set; }

    /// <summary>Authentication methods (OIDC <c>amr</c>), space separated.</summary>
    public string? AuthenticationMethods { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public DateTime ExpiresAt { get; set; }

    /// <summary>When a code was exchanged or a refresh token rotated.</summary>
    public DateTime? RedeemedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

public enum OidcGrantKind
{
    AuthorizationCode,
    RefreshToken,
    AccessToken,
}
