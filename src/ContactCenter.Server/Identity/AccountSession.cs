using System.Globalization;
using System.Security.Claims;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Identity;

namespace ContactCenter.Server.Identity;

/// <summary>What the sign-in cookie says: who, since when, how, and which tenant (or all) they work for.</summary>
public sealed record SessionInfo(Guid UserId, string? Tenant, DateTime AuthenticatedAt, string AuthenticationMethods);

/// <summary>Signs people in and out with the Identity cookie, carrying the chosen tenant along.</summary>
public sealed class AccountSession(SignInManager<PlatformUser> signIn, TimeProvider time)
{
    public const string AuthenticationTimeClaim = "auth_time";
    public const string AuthenticationMethodsClaim = "amr";

    /// <summary>Issues the cookie after the password was checked.</summary>
    public Task SignInAsync(PlatformUser user, string? tenant, bool persistent) =>
        IssueAsync(user, tenant, time.GetUtcNow().UtcDateTime, "pwd", persistent);

    /// <summary>Switches the tenant without asking for the password again; the authentication time stays.</summary>
    public Task SwitchTenantAsync(PlatformUser user, SessionInfo session, string? tenant) =>
        IssueAsync(user, tenant, session.AuthenticatedAt, session.AuthenticationMethods, persistent: false);

    public Task SignOutAsync() => signIn.SignOutAsync();

    public static SessionInfo? Read(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || !long.TryParse(principal.FindFirstValue(AuthenticationTimeClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var authTime))
        {
            return null;
        }

        return new SessionInfo(
            userId,
            principal.FindFirstValue(ProviderClaims.Tenant),
            DateTimeOffset.FromUnixTimeSeconds(authTime).UtcDateTime,
            principal.FindFirstValue(AuthenticationMethodsClaim) ?? "pwd");
    }

    private Task IssueAsync(PlatformUser user, string? tenant, DateTime authenticatedAt, string methods, bool persistent)
    {
        var claims = new List<Claim>
        {
            new(AuthenticationTimeClaim, new DateTimeOffset(authenticatedAt, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new(AuthenticationMethodsClaim, methods),
        };
        if (tenant is not null)
        {
            claims.Add(new Claim(ProviderClaims.Tenant, tenant));
        }

        return signIn.SignInWithClaimsAsync(user, persistent, claims);
    }
}
