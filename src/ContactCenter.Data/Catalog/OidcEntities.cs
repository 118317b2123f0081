using OpenIddict.EntityFrameworkCore.Models;

namespace ContactCenter.Data.Catalog;

/// <summary>
/// An application that signs people in through our OpenID Connect provider (OpenIddict), or calls our APIs with its
/// own credentials; OpenIddict's application with what is ours: the tenant a client is bound to, the role its own
/// tokens act with there, and whether it is one of our own applications.
/// </summary>
public sealed class OidcApplication : OpenIddictEntityFrameworkCoreApplication<Guid, OidcAuthorization, OidcToken>
{
    public const int ClientIdMaxLength = 100;

    /// <summary>For an integration of one tenant: the only tenant its tokens are for, in every flow.</summary>
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
}

/// <summary>
/// One sign-in of a person for a client (OpenIddict's authorization): every code, refresh and access token of it
/// belongs to it, so a reused code or refresh token, a password reset or a withdrawn consent revokes them all.
/// </summary>
public sealed class OidcAuthorization : OpenIddictEntityFrameworkCoreAuthorization<Guid, OidcApplication, OidcToken>
{
    /// <summary>The tenant slug the sign-in is for, or <c>*</c> for all of the person's tenants.</summary>
    public string? Tenant { get; set; }
}

/// <summary>OpenIddict's scope entity (unused: our scopes are fixed, <c>IdentityProviderFeature.StandardScopes</c>).</summary>
public sealed class OidcScope : OpenIddictEntityFrameworkCoreScope<Guid>;

/// <summary>A code, refresh token or access token of a person's sign-in; client-credentials access tokens get none.</summary>
public sealed class OidcToken : OpenIddictEntityFrameworkCoreToken<Guid, OidcApplication, OidcAuthorization>;
