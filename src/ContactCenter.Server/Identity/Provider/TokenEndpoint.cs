using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// <c>POST /connect/token</c> after OpenIddict authenticated the client and checked the grant (a code's PKCE verifier
/// and redirect URI, a refresh token's rotation): decides what the new tokens say. A person's memberships are read
/// again, so one removed from a tenant gets no new token for it; a rotation chain ends
/// <see cref="IdentityProviderOptions.RefreshTokenAbsoluteLifetime"/> after its sign-in.
/// </summary>
public sealed class TokenEndpoint(
    IOpenIddictApplicationManager applications, PersonDirectory people, TenantStore tenants, IOptions<IdentityProviderOptions> options, TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed no token request on.");
        if (request.IsClientCredentialsGrantType())
        {
            return await ClientCredentialsAsync(request, context.RequestAborted);
        }

        var granted = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
            ?? throw new InvalidOperationException("OpenIddict passed on a grant it did not validate.");
        return await ForPersonAsync(request, granted, context.RequestAborted);
    }

    private async Task<IResult> ForPersonAsync(OpenIddictRequest request, System.Security.Claims.ClaimsPrincipal granted, CancellationToken cancellationToken)
    {
        var person = Guid.TryParse(granted.GetClaim(Claims.Subject), out var userId) ? await people.FindAsync(userId, cancellationToken) : null;
        if (person is null)
        {
            return Refuse("The person no longer exists.");
        }

        var tenant = TokenPrincipals.TenantOf(granted);
        if (tenant is not null && tenant != ProviderClaims.AllTenants && person.Find(tenant) is null)
        {
            return Refuse($"The person no longer works for tenant '{tenant}'.");
        }

        if (tenant == ProviderClaims.AllTenants && !person.MaySignInForAllTenants)
        {
            return Refuse("Signing in for all tenants is no longer allowed.");
        }

        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var started = TokenPrincipals.ChainStartedAt(granted);
        var chainEnds = started + settings.RefreshTokenAbsoluteLifetime;
        if (request.IsRefreshTokenGrantType() && chainEnds <= now)
        {
            return Refuse("The sign-in has expired: its refresh tokens reached their absolute lifetime.");
        }

        // A refresh may narrow the scopes, never widen them (OpenIddict checks the latter).
        var scopes = request.IsRefreshTokenGrantType() && request.Scope is { Length: > 0 } ? request.GetScopes() : granted.GetScopes();
        var authenticatedAt = long.TryParse(granted.GetClaim(ProviderClaims.AuthenticationTime), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : (DateTime?)null;
        var principal = TokenPrincipals.ForPerson(person, tenant, scopes, settings.ApiAudience, authenticatedAt,
            string.Join(' ', granted.GetClaims(ProviderClaims.AuthenticationMethods)), started);
        principal.SetAuthorizationId(granted.GetAuthorizationId());
        // The sliding lifetime of one refresh token, never past the absolute end of the whole chain.
        var remaining = chainEnds - now;
        principal.SetRefreshTokenLifetime(remaining < settings.RefreshTokenLifetime ? remaining : settings.RefreshTokenLifetime);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> ClientCredentialsAsync(OpenIddictRequest request, CancellationToken cancellationToken)
    {
        var client = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken) as OidcApplication
            ?? throw new InvalidOperationException("OpenIddict passed on a request of an unknown client.");
        string? tenant = null;
        if (client.TenantId is { } tenantId)
        {
            var record = await tenants.FindByIdAsync(tenantId, cancellationToken);
            if (record is null || record.Status != TenantStatus.Active)
            {
                return Refuse("The client's tenant is not active.", Errors.UnauthorizedClient);
            }

            tenant = record.Slug;
        }

        // Without a scope parameter, the client gets every scope it is registered for.
        var scopes = request.Scope is { Length: > 0 }
            ? request.GetScopes()
            : [.. (await applications.GetPermissionsAsync(client, cancellationToken))
                .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[Permissions.Prefixes.Scope.Length..])];
        var principal = TokenPrincipals.ForClient(client.ClientId!, scopes, options.Value.ApiAudience, tenant, tenant is null ? null : client.Role);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string description, string error = Errors.InvalidGrant) => AuthorizeEndpoint.Refuse(error, description);
}
