namespace ContactCenter.Data.Catalog;

/// <summary>
/// An application that signs people in through our OpenID Connect provider, or calls our APIs with its
/// own credentials. Without a secret it is a public client and must use PKCE.
/// </summary>
public sealed class OidcClient
{
    public const int ClientIdMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string ClientId { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Salted SHA-256 of the secret (<c>base64(salt).base64(hash)</c>); null for a public client.</summary>
    public string? SecretHash { get; set; }

    /// <summary>Redirect URIs, compared exactly.</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary><c>authorization_code</c>, <c>refresh_token</c>, <c>client_credentials</c>.</summary>
    public List<string> GrantTypes { get; set; } = [];

    public List<string> Scopes { get; set; } = [];

    /// <summary>For an integration of one tenant: the tenant its client-credentials tokens are for.</summary>
    public Guid? TenantId { get; set; }

    public Tenant? Tenant { get; set; }

    /// <summary>
    /// For a tenant's API client: the role its tokens act with in that tenant (<c>agent</c>, <c>supervisor</c>,
    /// <c>tenant_administrator</c> or a custom role's name); null for an older integration, which acts as an agent.
    /// </summary>
    public string? Role { get; set; }

    /// <summary>One of our own applications: people are not asked for their consent (every other client asks once per tenant and scope set).</summary>
    public bool IsFirstParty { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public bool IsPublic => SecretHash is null;
}
