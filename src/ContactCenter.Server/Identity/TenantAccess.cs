using System.Security.Claims;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Identity;

/// <summary>
/// The token-claim check of tenant resolution: a signed-in caller reaches a tenant only if their token or
/// session is for that tenant (or names it among <c>tenants</c>); otherwise 403. Platform operators, whose
/// tokens name no tenant, may reach every tenant.
/// </summary>
public sealed class TenantAccess(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext, PersonDirectory people)
    {
        if (tenantContext.Tenant is { } tenant && context.User.Identity?.IsAuthenticated == true
            && !await MayReachAsync(context.User, tenant.Slug, people, context.RequestAborted))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your tenant",
                detail: $"You are not signed in for tenant '{tenant.Slug}'. Choose it at sign-in, or switch tenant.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    public static async Task<bool> MayReachAsync(ClaimsPrincipal user, string slug, PersonDirectory people, CancellationToken cancellationToken)
    {
        var single = user.FindFirstValue(ProviderClaims.Tenant);
        var several = user.FindAll(ProviderClaims.Tenants).Select(c => c.Value).ToList();
        if (single == slug || several.Contains(slug))
        {
            return true;
        }

        // A session for all tenants carries "*": check the membership itself.
        if (single == ProviderClaims.AllTenants && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            var person = await people.FindAsync(userId, cancellationToken);
            return person is not null && person.MaySignInForAllTenants && person.Find(slug) is not null;
        }

        return single is null && several.Count == 0 && IsPlatformOperator(user);
    }

    public static bool IsPlatformOperator(ClaimsPrincipal user) =>
        user.HasClaim(ProviderClaims.Role, ProviderClaims.PlatformOperatorRole)
        || user.IsInRole(PersonDirectory.PlatformOperatorRoleName);
}
