using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace ContactCenter.Server.Identity.Consent;

/// <summary>
/// Asks the signed-in person whether a client (not one of ours) may act for them in a tenant with the scopes it asks
/// for. Allowing records the consent and goes back to the authorization request; declining answers the client
/// <c>access_denied</c> there. The client and scopes are read from that request, never taken on trust from elsewhere.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class ConsentModel(IOpenIddictApplicationManager applications, PersonDirectory people, ConsentStore consents) : PageModel
{
    public const string Route = "/account/consent";

    public string ClientName { get; private set; } = "";

    /// <summary>The tenant's name, or null for all the person's tenants.</summary>
    public string? TenantName { get; private set; }

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public string ReturnUrl { get; private set; } = "";

    public string? Tenant { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, string? tenant, CancellationToken cancellationToken) =>
        await PrepareAsync(returnUrl, tenant, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(string? returnUrl, string? tenant, string? decision, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(returnUrl, tenant, cancellationToken) is { } problem)
        {
            return problem;
        }

        if (decision != "allow")
        {
            return LocalRedirect(QueryHelpers.AddQueryString(ReturnUrl, AuthorizeEndpoint.ConsentParameter, "denied"));
        }

        var session = AccountSession.Read(User)!;
        await consents.GiveAsync(session.UserId, ClientId, Tenant ?? "", Scopes, cancellationToken);
        return LocalRedirect(ReturnUrl);
    }

    private string ClientId { get; set; } = "";

    /// <summary>Reads client and scopes from the authorization request the page returns to; null when all is well.</summary>
    private async Task<IActionResult?> PrepareAsync(string? returnUrl, string? tenant, CancellationToken cancellationToken)
    {
        if (returnUrl is null || !Url.IsLocalUrl(returnUrl) || AccountSession.Read(User) is not { } session)
        {
            return BadRequest();
        }

        var path = returnUrl.Split('?')[0];
        if (!path.EndsWith(IdentityProviderFeature.AuthorizePath, StringComparison.Ordinal))
        {
            return BadRequest();
        }

        var request = new OpenIddictRequest(QueryHelpers.ParseQuery(returnUrl.Contains('?', StringComparison.Ordinal) ? returnUrl[returnUrl.IndexOf('?', StringComparison.Ordinal)..] : ""));
        var client = request.ClientId is null ? null : await applications.FindByClientIdAsync(request.ClientId, cancellationToken) as Data.Catalog.OidcApplication;
        if (client is null)
        {
            return BadRequest();
        }

        var person = await people.FindAsync(session.UserId, cancellationToken);
        ReturnUrl = returnUrl;
        ClientId = client.ClientId!;
        ClientName = client.DisplayName ?? client.ClientId!;
        Scopes = request.GetScopes().Distinct().Order(StringComparer.Ordinal).ToList();
        Tenant = tenant is { Length: > 0 } ? tenant : null;
        TenantName = Tenant is null || Tenant == ProviderClaims.AllTenants ? null : person?.Find(Tenant)?.Name ?? Tenant;
        return null;
    }
}
