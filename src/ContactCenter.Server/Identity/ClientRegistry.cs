using System.Text.RegularExpressions;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity;

/// <summary>What an operator asks for when registering a client.</summary>
public sealed record NewClient(
    string? ClientId,
    string? Secret,
    bool GenerateSecret,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris,
    IReadOnlyList<string>? GrantTypes,
    IReadOnlyList<string>? Scopes,
    string? Tenant,
    string? DisplayName,
    string? Role = null,
    bool FirstParty = false);

/// <summary>A registered client as operators see it (never the secret).</summary>
public sealed record ClientSummary(
    string ClientId, string? DisplayName, bool IsPublic, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> GrantTypes, IReadOnlyList<string> Scopes, string? Tenant, DateTime CreatedAt, string? Role, bool IsFirstParty);

/// <summary>The registration, with the secret shown once when it was generated.</summary>
public sealed record RegisteredClient(ClientSummary Client, string? GeneratedSecret);

/// <summary>A client registration that is not valid, with every problem by field.</summary>
public sealed class InvalidClientException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The client registration is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Platform operators register, list and remove clients (API and CLI).</summary>
public sealed partial class ClientRegistry(
    CatalogDbContext catalog, IOpenIddictApplicationManager applications, TenantDatabaseFactory tenantDatabases)
{
    /// <summary>Its messages reach operators through the API and the <c>clients</c> command alike, in their language.</summary>
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<IdentityTexts>();

    private static readonly string[] KnownGrants = ["authorization_code", "refresh_token", "client_credentials"];

    /// <summary>Every client, or those registered for one tenant.</summary>
    public async Task<IReadOnlyList<ClientSummary>> ListAsync(CancellationToken cancellationToken, Guid? tenantId = null)
    {
        var clients = await catalog.OidcApplications.AsNoTracking().Include(c => c.Tenant)
            .Where(c => tenantId == null || c.TenantId == tenantId)
            .OrderBy(c => c.ClientId).ToListAsync(cancellationToken);
        return clients.Select(Summary).ToList();
    }

    /// <summary>Registers a client.</summary>
    /// <exception cref="InvalidClientException">A field is not valid; nothing was stored.</exception>
    /// <exception cref="InvalidOperationException">The client id is taken.</exception>
    public async Task<RegisteredClient> AddAsync(NewClient request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        void Problem(string field, string message) => errors.Add(field, message);

        var clientId = request.ClientId?.Trim() ?? "";
        if (!ClientIdPattern().IsMatch(clientId))
        {
            Problem("clientId", Texts["ClientIdInvalid"]);
        }

        var secret = request.GenerateSecret ? ClientManager.GenerateSecret() : request.Secret;
        if (secret is not null && secret.Length < ClientManager.MinimumSecretLength)
        {
            Problem("secret", Texts["ClientSecretTooShort", ClientManager.MinimumSecretLength]);
        }

        var grants = (request.GrantTypes is { Count: > 0 } g ? g : ["authorization_code", "refresh_token"]).Distinct().ToList();
        foreach (var grant in grants.Where(g => !KnownGrants.Contains(g)))
        {
            Problem("grantTypes", Texts["GrantTypeUnknown", grant, string.Join(", ", KnownGrants)]);
        }

        if (grants.Contains("client_credentials") && secret is null)
        {
            Problem("grantTypes", Texts["ClientCredentialsNeedSecret"]);
        }

        var redirects = (request.RedirectUris ?? []).Distinct().ToList();
        foreach (var uri in redirects.Where(u => !IsAcceptableRedirect(u)))
        {
            Problem("redirectUris", Texts["RedirectUriInvalid", uri]);
        }

        if (grants.Contains("authorization_code") && redirects.Count == 0)
        {
            Problem("redirectUris", Texts["RedirectUriRequired"]);
        }

        var postLogout = (request.PostLogoutRedirectUris ?? []).Distinct().ToList();
        foreach (var uri in postLogout.Where(u => !IsAcceptableRedirect(u)))
        {
            Problem("postLogoutRedirectUris", Texts["RedirectUriInvalid", uri]);
        }

        var scopes = (request.Scopes is { Count: > 0 } s ? s : IdentityProviderFeature.StandardScopes).Distinct().ToList();
        foreach (var scope in scopes.Where(s => !ScopePattern().IsMatch(s)))
        {
            Problem("scopes", Texts["ScopeInvalid", scope]);
        }

        Tenant? tenant = null;
        if (request.Tenant is { Length: > 0 } slug)
        {
            tenant = await catalog.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
            if (tenant is null)
            {
                Problem("tenant", Texts["ClientTenantUnknown", slug]);
            }
        }

        var role = request.Role?.Trim() is { Length: > 0 } named ? named : null;
        if (role is not null && tenant is null)
        {
            Problem("role", Texts["ClientRoleNeedsTenant"]);
        }
        else if (role is not null && (role == ProviderClaims.PlatformOperatorRole || (!BuiltInRoleNames.Contains(role) && !await IsCustomRoleAsync(tenant!, role, cancellationToken))))
        {
            Problem("role", Texts["ClientRoleUnknown", role, string.Join(", ", BuiltInRoleNames)]);
        }

        if (errors.Any)
        {
            throw new InvalidClientException(errors.ToDictionary());
        }

        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not null)
        {
            throw new InvalidOperationException($"A client '{clientId}' exists already.");
        }

        var client = new OidcApplication
        {
            TenantId = tenant?.Id,
            Tenant = tenant,
            Role = role,
            IsFirstParty = request.FirstParty,
        };
        await applications.PopulateAsync(client, Descriptor(clientId, request.DisplayName, secret, redirects, postLogout, grants, scopes), cancellationToken);
        await applications.CreateAsync(client, secret, cancellationToken);
        return new RegisteredClient(Summary(client), request.GenerateSecret ? secret : null);
    }

    /// <summary>Removes a client (of one tenant only, when <paramref name="tenantId"/> is given) and everything issued to it.</summary>
    /// <returns>False when there is no such client.</returns>
    public async Task<bool> RemoveAsync(string clientId, CancellationToken cancellationToken, Guid? tenantId = null)
    {
        // Read here, tracked by this request's catalog context (the manager's lookups come from a shared cache).
        var client = await catalog.OidcApplications.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null || (tenantId is not null && client.TenantId != tenantId))
        {
            return false;
        }

        // OpenIddict deletes the client's authorizations and tokens with it: its access tokens fail their token entry.
        await applications.DeleteAsync(client, cancellationToken);
        return true;
    }

    /// <summary>
    /// What OpenIddict checks a client against: its redirect URIs, and as permissions the endpoints it calls, its grant
    /// types and its scopes. Only confidential clients introspect.
    /// </summary>
    private static OpenIddictApplicationDescriptor Descriptor(
        string clientId, string? displayName, string? secret, List<string> redirects, List<string> postLogout, List<string> grants, List<string> scopes)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = displayName?.Trim() is { Length: > 0 } name ? name : null,
            ClientType = secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
        };
        descriptor.RedirectUris.UnionWith(redirects.Select(u => new Uri(u)));
        descriptor.PostLogoutRedirectUris.UnionWith(postLogout.Select(u => new Uri(u)));
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation]);
        if (grants.Contains(GrantTypes.AuthorizationCode))
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.ResponseTypes.Code]);
        }

        if (secret is not null)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        descriptor.Permissions.UnionWith(grants.Select(g => Permissions.Prefixes.GrantType + g));
        descriptor.Permissions.UnionWith(scopes.Select(s => Permissions.Prefixes.Scope + s));
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        return descriptor;
    }

    /// <summary>The roles every tenant has, by the names tokens carry.</summary>
    public static readonly string[] BuiltInRoleNames = [ProviderClaims.AgentRole, ProviderClaims.SupervisorRole, ProviderClaims.TenantAdministratorRole];

    private async Task<bool> IsCustomRoleAsync(Tenant tenant, string role, CancellationToken cancellationToken)
    {
        await using var db = await tenantDatabases.OpenAsync(tenant.Id, cancellationToken);
        return await db.Roles.AnyAsync(r => r.BuiltIn == null && r.Name == role, cancellationToken);
    }

    /// <summary>Absolute, no fragment (RFC 6749 §3.1.2); https, or http only on a loopback host (RFC 8252 §7.3).</summary>
    public static bool IsAcceptableRedirect(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
        && parsed.Fragment.Length == 0
        && (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && (parsed.IsLoopback || parsed.Host == "localhost")));

    private static ClientSummary Summary(OidcApplication c)
    {
        var permissions = List(c.Permissions);
        return new(c.ClientId!, c.DisplayName, c.ClientType == ClientTypes.Public, List(c.RedirectUris), List(c.PostLogoutRedirectUris),
            Prefixed(permissions, Permissions.Prefixes.GrantType), Prefixed(permissions, Permissions.Prefixes.Scope), c.Tenant?.Slug, c.CreatedAt, c.Role, c.IsFirstParty);

        static List<string> List(string? json) => json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

        static List<string> Prefixed(List<string> permissions, string prefix) =>
            permissions.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p[prefix.Length..]).ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{3,100}$")]
    private static partial Regex ClientIdPattern();

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    [GeneratedRegex(@"^[\x21\x23-\x5B\x5D-\x7E]+$")]
    private static partial Regex ScopePattern();
}
