using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>UserInfo (OpenID Connect Core §5.3), token revocation (RFC 7009) and RP-initiated logout.</summary>
public static class SessionEndpoints
{
    /// <summary>Claims about the person behind the access token, for the scopes it carries.</summary>
    public static async Task<IResult> UserInfoAsync(HttpContext context, PersonDirectory people)
    {
        var user = context.User;
        if (!Guid.TryParse(user.FindFirstValue(ProviderClaims.Subject), out var userId)
            || !user.FindFirstValue(ProviderClaims.Scope)!.Split(' ').Contains("openid"))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var person = await people.FindAsync(userId, context.RequestAborted);
        if (person is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        var tenant = user.FindFirstValue(ProviderClaims.Tenant) ?? (user.HasClaim(c => c.Type == ProviderClaims.Tenants) ? ProviderClaims.AllTenants : null);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [ProviderClaims.Subject] = person.Id.ToString() };
        var scopes = user.FindFirstValue(ProviderClaims.Scope)!.Split(' ');
        TokenFactory.AddPersonClaims(claims, new TokenSubject(user.FindFirstValue(ProviderClaims.ClientId) ?? "", scopes, person, tenant, null));
        return OAuthResults.Json(claims);
    }

    /// <summary>RFC 7009: revokes a refresh token (and its chain) or an access token; unknown tokens are not an error (§2.2).</summary>
    public static async Task<IResult> RevokeAsync(HttpContext context, ClientAuthentication clientAuthentication, GrantStore grants, TokenValidator validator)
    {
        var cancellationToken = context.RequestAborted;
        if (!context.Request.HasFormContentType)
        {
            return OAuthResults.Error("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var authenticated = await clientAuthentication.AuthenticateAsync(context.Request, form, cancellationToken);
        if (authenticated.Client is not { } client)
        {
            return OAuthResults.Error(authenticated.Error!, authenticated.Description!,
                authenticated.Error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
        }

        var token = ClientAuthentication.Parameter(form, "token");
        if (string.IsNullOrEmpty(token))
        {
            return OAuthResults.Error("invalid_request", "token is missing.");
        }

        var refresh = await grants.FindRefreshTokenAsync(token, cancellationToken);
        if (refresh is not null)
        {
            if (refresh.ClientId == client.ClientId)
            {
                await grants.RevokeChainAsync(refresh.ChainId, cancellationToken);
            }

            return Results.Ok();
        }

        var access = await validator.ValidateAccessTokenAsync(IdentityProviderFeature.IssuerFor(context), token, "revocation", cancellationToken);
        if (access is not null && access.FindFirst(ProviderClaims.ClientId)?.Value == client.ClientId
            && Guid.TryParse(access.FindFirst(ProviderClaims.Chain)?.Value, out var chain))
        {
            await grants.RevokeChainAsync(chain, cancellationToken);
        }

        return Results.Ok();
    }

    /// <summary>
    /// RP-initiated logout: signs out and returns to a post-logout URI registered for the client (exact match),
    /// with <c>state</c>; any other URI is refused, so this is no open redirect.
    /// </summary>
    public static async Task<IResult> EndSessionAsync(HttpContext context, ClientStore clients, IdentityTokenHints hints, AccountSession session)
    {
        var cancellationToken = context.RequestAborted;
        var parameters = HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(cancellationToken)).ToDictionary(p => p.Key, p => p.Value.ToString())
            : context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        var issuer = IdentityProviderFeature.IssuerFor(context);
        string? clientId = parameters.GetValueOrDefault("client_id");
        if (parameters.GetValueOrDefault("id_token_hint") is { Length: > 0 } hint)
        {
            var (subject, audience) = await hints.ReadAsync(issuer, hint, cancellationToken);
            if (subject is null)
            {
                return Results.BadRequest("id_token_hint is not an ID token of this provider.");
            }

            // The hint must name the person signed in here: someone else's ID token signs nobody out (RP-Initiated Logout §2).
            var signedIn = AccountSession.Read((await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal ?? new ClaimsPrincipal());
            if (signedIn is not null && signedIn.UserId.ToString() != subject)
            {
                return Results.BadRequest("id_token_hint names another person than the one signed in.");
            }

            clientId ??= audience;
        }
        else
        {
            // Without proof of which session the client means, the person confirms on our own page.
            return Results.Redirect(context.Request.PathBase + "/account/logout");
        }

        string? redirect = null;
        if (parameters.GetValueOrDefault("post_logout_redirect_uri") is { Length: > 0 } requested)
        {
            var client = clientId is null ? null : await clients.FindAsync(clientId, cancellationToken);
            if (client is null || !client.PostLogoutRedirectUris.Contains(requested, StringComparer.Ordinal))
            {
                return Results.BadRequest("post_logout_redirect_uri is not registered for this client.");
            }

            redirect = QueryHelpers.AddQueryString(requested, new Dictionary<string, string?> { ["state"] = parameters.GetValueOrDefault("state") });
        }

        await session.SignOutAsync();
        return Results.Redirect(redirect ?? context.Request.PathBase + "/account/signed-out");
    }
}
