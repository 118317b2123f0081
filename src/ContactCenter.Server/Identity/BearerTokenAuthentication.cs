using System.Security.Claims;
using System.Text.Encodings.Web;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity;

/// <summary>
/// Bearer access tokens (RFC 6750) as our endpoints see them: OpenIddict's validation checks the token (signature,
/// issuer, audience, lifetime, type, its sign-in not revoked); this names the caller the way our authorization reads
/// it (<c>sub</c>, <c>client_id</c>, <c>scope</c>, tenant and roles), and ends a client's own tokens with the client.
/// </summary>
public sealed class BearerTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOpenIddictApplicationManager applications)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private static readonly string[] Carried =
        [ProviderClaims.Tenant, ProviderClaims.Tenants, ProviderClaims.Role, ProviderClaims.Name, ProviderClaims.Email, ProviderClaims.AuthenticationMethods, ProviderClaims.AuthenticationTime];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var validated = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (validated.None)
        {
            return AuthenticateResult.NoResult();
        }

        if (!validated.Succeeded || validated.Principal is not { } token)
        {
            return AuthenticateResult.Fail("The access token is not valid.");
        }

        var subject = token.GetClaim(Claims.Subject);
        var clientId = token.GetClaim(Claims.ClientId) ?? token.GetPresenters().FirstOrDefault();
        // A client's own token (client credentials) ends with the client: a removed client's tokens stop at once.
        if (clientId is not null && subject == clientId && await applications.FindByClientIdAsync(clientId, Context.RequestAborted) is null)
        {
            return AuthenticateResult.Fail("The client has been removed.");
        }

        var identity = new ClaimsIdentity(SchemeName, ProviderClaims.Name, ProviderClaims.Role);
        identity.AddClaim(new Claim(ProviderClaims.Subject, subject ?? ""));
        if (clientId is not null)
        {
            identity.AddClaim(new Claim(ProviderClaims.ClientId, clientId));
        }

        identity.AddClaim(new Claim(ProviderClaims.Scope, string.Join(' ', token.GetScopes())));
        identity.AddClaims(token.Claims.Where(c => Carried.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // RFC 6750 §3: say why in WWW-Authenticate.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? "Bearer error=\"invalid_token\""
            : "Bearer";
        return Task.CompletedTask;
    }
}
