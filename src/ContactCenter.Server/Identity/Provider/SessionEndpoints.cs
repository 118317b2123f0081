using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>UserInfo (OpenID Connect Core §5.3) and RP-initiated logout, after OpenIddict checked the request.</summary>
public static class SessionEndpoints
{
    /// <summary>Claims about the person behind the access token, for the scopes it carries, read afresh.</summary>
    public static async Task<IResult> UserInfoAsync(HttpContext context, PersonDirectory people)
    {
        var token = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (token is null || !token.HasScope(Scopes.OpenId) || !Guid.TryParse(token.GetClaim(Claims.Subject), out var userId))
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

        var claims = TokenPrincipals.PersonClaims(person, TokenPrincipals.TenantOf(token), token.GetScopes().ToHashSet(StringComparer.Ordinal));
        var answer = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = person.Id.ToString() };
        foreach (var group in claims.GroupBy(c => c.Type))
        {
            answer[group.Key] = group.Key is ProviderClaims.Tenants or ProviderClaims.Role ? group.Select(c => c.Value).ToArray() : group.First().Value;
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(answer);
    }

    /// <summary>
    /// RP-initiated logout: OpenIddict has checked the post-logout URI is registered for the client (exact match). With an
    /// ID token of the person signed in here, signs out and returns there with <c>state</c>; someone else's ID token signs
    /// nobody out; without one, the person confirms on our own page.
    /// </summary>
    public static async Task<IResult> EndSessionAsync(HttpContext context, AccountSession session)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed no end-session request on.");
        if (request.IdTokenHint is null)
        {
            return Results.Redirect(context.Request.PathBase + "/account/logout");
        }

        var subject = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal?.GetClaim(Claims.Subject);
        var signedIn = AccountSession.Read((await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal ?? new ClaimsPrincipal());
        if (subject is null || (signedIn is not null && signedIn.UserId.ToString() != subject))
        {
            return Results.BadRequest("id_token_hint names another person than the one signed in.");
        }

        await session.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = context.Request.PathBase + "/account/signed-out" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
