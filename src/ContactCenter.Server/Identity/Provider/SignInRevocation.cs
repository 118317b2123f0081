using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>Ends sign-ins: their authorizations and every code, refresh and access token issued from them.</summary>
public sealed class SignInRevocation(CatalogDbContext catalog, IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens)
{
    /// <summary>
    /// Every sign-in of a person (after a password reset), or one client's for one tenant (a withdrawn consent; a sign-in
    /// for all tenants counts for each). A person removed from a tenant needs none: a refresh re-reads the membership.
    /// </summary>
    public async Task RevokeEveryChainOfAsync(Guid userId, CancellationToken cancellationToken, string? tenant = null, string? clientId = null)
    {
        var subject = userId.ToString();
        var ids = await catalog.OidcAuthorizations.AsNoTracking()
            .Where(a => a.Subject == subject && a.Status == Statuses.Valid)
            .Where(a => tenant == null || a.Tenant == tenant || (clientId == null && a.Tenant == ProviderClaims.AllTenants))
            .Where(a => clientId == null || a.Application!.ClientId == clientId)
            .Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await RevokeAsync(id.ToString(), cancellationToken);
        }
    }

    /// <summary>One sign-in: its authorization and every token issued from it.</summary>
    public async Task RevokeAsync(string authorizationId, CancellationToken cancellationToken)
    {
        if (await authorizations.FindByIdAsync(authorizationId, cancellationToken) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
        }

        await tokens.RevokeByAuthorizationIdAsync(authorizationId, cancellationToken);
    }
}
