using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Identity.Consent;

/// <summary>A consent as the account page lists it.</summary>
public sealed record GivenConsent(string ClientId, string ClientName, string Tenant, IReadOnlyList<string> Scopes, DateTime GrantedAt);

/// <summary>
/// The consents people give clients that are not first-party: one per person, client and tenant, covering a scope
/// set. Asking for a scope outside it asks again; revoking one also revokes the tokens it led to.
/// </summary>
public sealed class ConsentStore(CatalogDbContext catalog, SignInRevocation revocation, TimeProvider time)
{
    /// <summary>Whether the person consented to these scopes for this client and tenant.</summary>
    public async Task<bool> CoversAsync(Guid userId, string clientId, string tenant, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        var given = await catalog.Consents.AsNoTracking()
            .Where(c => c.UserId == userId && c.ClientId == clientId && c.Tenant == tenant)
            .Select(c => c.Scopes).SingleOrDefaultAsync(cancellationToken);
        return given is not null && !scopes.Except(given.Split(' ')).Any();
    }

    /// <summary>Records the consent; a later one for more scopes widens it.</summary>
    public async Task GiveAsync(Guid userId, string clientId, string tenant, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        var consent = await catalog.Consents.SingleOrDefaultAsync(c => c.UserId == userId && c.ClientId == clientId && c.Tenant == tenant, cancellationToken);
        if (consent is null)
        {
            consent = new Data.Catalog.Consent { UserId = userId, ClientId = clientId, Tenant = tenant, Scopes = "" };
            catalog.Consents.Add(consent);
        }

        consent.Scopes = string.Join(' ', scopes.Concat(consent.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal));
        consent.GrantedAt = time.GetUtcNow().UtcDateTime;
        await catalog.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GivenConsent>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var consents = await catalog.Consents.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.ClientId).ThenBy(c => c.Tenant).ToListAsync(cancellationToken);
        var clientIds = consents.Select(c => c.ClientId).Distinct().ToList();
        var names = await catalog.OidcApplications.AsNoTracking().Where(c => clientIds.Contains(c.ClientId!))
            .ToDictionaryAsync(c => c.ClientId!, c => c.DisplayName ?? c.ClientId!, cancellationToken);
        return consents.Select(c => new GivenConsent(c.ClientId, names.GetValueOrDefault(c.ClientId, c.ClientId), c.Tenant, c.Scopes.Split(' '), c.GrantedAt)).ToList();
    }

    /// <summary>Withdraws a consent and revokes every token the client holds for the person in that tenant.</summary>
    /// <returns>False when there was no such consent.</returns>
    public async Task<bool> RevokeAsync(Guid userId, string clientId, string tenant, CancellationToken cancellationToken)
    {
        var removed = await catalog.Consents.Where(c => c.UserId == userId && c.ClientId == clientId && c.Tenant == tenant).ExecuteDeleteAsync(cancellationToken);
        await revocation.RevokeEveryChainOfAsync(userId, cancellationToken, tenant.Length == 0 ? null : tenant, clientId);
        return removed > 0;
    }
}
