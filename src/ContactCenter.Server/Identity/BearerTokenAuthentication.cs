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
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenValidator validator, RevocationList revocations,
    ClientStore clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = await FindTokenAsync();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

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

        // A client's own token (client credentials) ends with the client: a removed client's tokens stop at once.
        if (identity.FindFirst(ProviderClaims.ClientId)?.Value is { } clientId && identity.FindFirst(ProviderClaims.Subject)?.Value == clientId
            && await clients.FindAsync(clientId, Context.RequestAborted) is null)
        {
            return AuthenticateResult.Fail("The client has been removed.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// RFC 6750 §2.1, the Authorization header; at the UserInfo endpoint also §2.2, a form body
    /// <c>access_token</c> (OpenID Connect Core §5.3.1).
    /// </summary>
    private async Task<string?> FindTokenAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (header.Length == 0 && HttpMethods.IsPost(Request.Method) && Request.Path.StartsWithSegments(IdentityProviderFeature.UserInfoPath)
            && Request.HasFormContentType)
        {
            var form = await Request.ReadFormAsync(Context.RequestAborted);
            return form.TryGetValue("access_token", out var values) && values.Count == 1 ? values[0] : null;
        }

        return null;
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
