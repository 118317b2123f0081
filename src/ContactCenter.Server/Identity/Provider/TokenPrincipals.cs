using System.Globalization;
using System.Security.Claims;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// What OpenIddict signs into our tokens: a person in a tenant (or all their tenants), or a client on its own. Claims
/// go into access and ID tokens alike, as far as the granted scopes allow (OpenID Connect Core §5.4); the start of a
/// sign-in stays inside codes and refresh tokens only, to cap a rotation chain.
/// </summary>
public static class TokenPrincipals
{
    /// <summary>When the sign-in a refresh token descends from began (unix seconds); never leaves codes and refresh tokens.</summary>
    public const string ChainStartedClaim = "cc_chain_started";

    private static readonly string[] Everywhere = [Destinations.AccessToken, Destinations.IdentityToken];

    /// <summary>A person's tokens for the chosen tenant (a slug, <c>*</c> for all, null for none).</summary>
    public static ClaimsPrincipal ForPerson(
        Person person, string? tenant, IEnumerable<string> scopes, string audience, DateTime? authenticatedAt, string? authenticationMethods, DateTime chainStarted)
    {
        var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, ProviderClaims.Name, ProviderClaims.Role);
        var granted = scopes.ToHashSet(StringComparer.Ordinal);
        identity.SetClaim(Claims.Subject, person.Id.ToString());
        identity.AddClaims(PersonClaims(person, tenant, granted));
        if (authenticatedAt is { } at)
        {
            identity.AddClaim(new Claim(ProviderClaims.AuthenticationTime,
                new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        if (authenticationMethods is { Length: > 0 } methods)
        {
            identity.SetClaims(ProviderClaims.AuthenticationMethods, [.. methods.Split(' ')]);
        }

        identity.SetClaim(ChainStartedClaim, new DateTimeOffset(chainStarted, TimeSpan.Zero).ToUnixTimeSeconds());
        identity.SetScopes(granted);
        identity.SetResources(audience);
        identity.SetDestinations(claim => claim.Type == ChainStartedClaim ? [] : Everywhere);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// What a person's tokens and UserInfo say about them besides <c>sub</c>: the tenant (or all their tenants), name and
    /// e-mail as far as the scopes allow (OpenID Connect Core §5.4), and their roles there.
    /// </summary>
    public static IEnumerable<Claim> PersonClaims(Person person, string? tenant, IReadOnlySet<string> scopes)
    {
        if (tenant == ProviderClaims.AllTenants)
        {
            foreach (var other in person.Tenants)
            {
                yield return new Claim(ProviderClaims.Tenants, other.Slug);
            }
        }
        else if (tenant is not null)
        {
            yield return new Claim(ProviderClaims.Tenant, tenant);
        }

        if (scopes.Contains(Scopes.Profile))
        {
            yield return new Claim(ProviderClaims.Name, person.Name);
        }

        if (scopes.Contains(Scopes.Email) && person.Email is not null)
        {
            yield return new Claim(ProviderClaims.Email, person.Email);
        }

        foreach (var role in Roles(person, tenant))
        {
            yield return new Claim(ProviderClaims.Role, role);
        }
    }

    /// <summary>The tenant a token is for: its slug, <c>*</c> when it names all the person's tenants, null for none.</summary>
    public static string? TenantOf(ClaimsPrincipal principal) =>
        principal.GetClaim(ProviderClaims.Tenant) ?? (principal.HasClaim(c => c.Type == ProviderClaims.Tenants) ? ProviderClaims.AllTenants : null);

    /// <summary>A client's own token (client credentials): its tenant and role there, if it is bound to one.</summary>
    public static ClaimsPrincipal ForClient(string clientId, IEnumerable<string> scopes, string audience, string? tenant, string? role)
    {
        var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, ProviderClaims.Name, ProviderClaims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        if (tenant is not null)
        {
            identity.SetClaim(ProviderClaims.Tenant, tenant);
            if (role is not null)
            {
                identity.SetClaim(ProviderClaims.Role, role);
            }
        }

        identity.SetScopes(scopes);
        identity.SetResources(audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>When the sign-in behind a code or refresh token began.</summary>
    public static DateTime ChainStartedAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.GetClaim(ChainStartedClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : DateTime.MinValue;

    /// <summary>The person's roles in the chosen tenant (in all their tenants for <c>*</c>), plus platform operator.</summary>
    public static string[] Roles(Person person, string? tenant)
    {
        var roles = tenant == ProviderClaims.AllTenants
            ? person.Tenants.SelectMany(t => t.Roles)
            : person.Find(tenant ?? "")?.Roles ?? [];
        return (person.IsPlatformOperator ? roles.Append(ProviderClaims.PlatformOperatorRole) : roles).Distinct().Order().ToArray();
    }
}
