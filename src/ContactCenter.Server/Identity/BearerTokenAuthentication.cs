using System.Text.Encodings.Web;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Identity;

/// <summary>
/// Our JWT bearer handler (RFC 6750) for access tokens of our provider: signature, <c>kid</c>, issuer,
/// audience, lifetime, type, and the chain not revoked.
/// </summary>
public sealed class BearerTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenValidator validator, RevocationList revocations)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var identity = await validator.ValidateAccessTokenAsync(IdentityProviderFeature.IssuerFor(Context), token, SchemeName, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The access token is not valid.");
        }

        if (!Guid.TryParse(identity.FindFirst(ProviderClaims.Chain)?.Value, out var chain)
            || await revocations.IsRevokedAsync(chain, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("The access token has been revoked.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), SchemeName));
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
