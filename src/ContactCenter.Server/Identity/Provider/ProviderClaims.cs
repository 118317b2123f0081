namespace ContactCenter.Server.Identity.Provider;

/// <summary>Claim names and values of our tokens (OpenID Connect Core §5.1 plus ours).</summary>
public static class ProviderClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Email = "email";
    public const string Role = "role";
    public const string AuthenticationMethods = "amr";
    public const string AuthenticationTime = "auth_time";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Nonce = "nonce";

    /// <summary>The one tenant the token is for (its slug).</summary>
    public const string Tenant = "tenant";

    /// <summary>Every tenant of the person, when they signed in for all of them.</summary>
    public const string Tenants = "tenants";

    /// <summary>The authorization every token of one sign-in descends from; revoking it revokes them all.</summary>
    public const string Chain = "chain";

    /// <summary>Stored in place of a tenant slug when a grant is for all the person's tenants.</summary>
    public const string AllTenants = "*";

    public const string PlatformOperatorRole = "platform_operator";
    public const string TenantAdministratorRole = "tenant_administrator";
    public const string SupervisorRole = "supervisor";
    public const string AgentRole = "agent";

    /// <summary>RFC 9068 access token type, so an ID token is never accepted as an access token.</summary>
    public const string AccessTokenType = "at+jwt";
}
