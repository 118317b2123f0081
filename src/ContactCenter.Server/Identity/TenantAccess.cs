using System.Security.Claims;
using ContactCenter.Server.Identity.Account;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity;

/// <summary>
/// The token-claim check of tenant resolution: a signed-in caller reaches a tenant only if their token or
/// session is for that tenant (or names it among <c>tenants</c>); otherwise 403. Platform operators, whose
/// tokens name no tenant, may reach every tenant. A browser opening a page of another tenant gets the 403 as a
/// page that offers to switch to that tenant; APIs get a problem document.
/// </summary>
public sealed class TenantAccess(RequestDelegate next)
{
    private Endpoint? _wrongTenantPage;

    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext, PersonDirectory people, IStringLocalizer<IdentityTexts> texts)
    {
        if (tenantContext.Tenant is { } tenant && context.User.Identity?.IsAuthenticated == true
            && !await MayReachAsync(context.User, tenant.Slug, people, context.RequestAborted))
        {
            if (IsPageNavigation(context.Request))
            {
                await ShowWrongTenantPageAsync(context, tenantContext, people);
                return;
            }

            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: texts["NotYourTenantTitle"],
                detail: texts["NotYourTenantDetail", tenant.Slug]).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    public static async Task<bool> MayReachAsync(ClaimsPrincipal user, string slug, PersonDirectory people, CancellationToken cancellationToken)
    {
        var single = user.FindFirstValue(ProviderClaims.Tenant);
        var several = user.FindAll(ProviderClaims.Tenants).Select(c => c.Value).ToList();
        var personId = TenantPermissions.PersonIdOf(user);
        if (single == slug || several.Contains(slug))
        {
            // A person's membership is read again on every request: one removed from the tenant loses it at once, whatever
            // their cookie or unexpired token says. Integrations (no person) are bound to their tenant by their client.
            return personId is not { } member || (await people.FindAsync(member, cancellationToken))?.Find(slug) is not null;
        }

        // A session for all tenants carries "*": check the membership itself.
        if (single == ProviderClaims.AllTenants && personId is { } userId)
        {
            var person = await people.FindAsync(userId, cancellationToken);
            return person is not null && person.MaySignInForAllTenants && person.Find(slug) is not null;
        }

        return single is null && several.Count == 0 && IsPlatformOperator(user);
    }

    public static bool IsPlatformOperator(ClaimsPrincipal user) =>
        user.HasClaim(ProviderClaims.Role, ProviderClaims.PlatformOperatorRole)
        || user.IsInRole(PersonDirectory.PlatformOperatorRoleName);

    /// <summary>A browser navigating to a page (it asks for HTML by name, and the address is no API).</summary>
    private static bool IsPageNavigation(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Answers with the page <c>/account/wrong-tenant</c> in the site's layout instead of the page asked for: outside the
    /// tenant (no tenant in the header, links to the platform), with the way back to the requested page after a switch.
    /// </summary>
    private async Task ShowWrongTenantPageAsync(HttpContext context, TenantContext tenantContext, PersonDirectory people)
    {
        var tenant = tenantContext.Required;
        var request = context.Request;
        var returnUrl = $"/t/{tenant.Slug}{request.Path}{request.QueryString}";
        var person = Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            ? await people.FindAsync(userId, context.RequestAborted)
            : null;
        context.Features.Set(new WrongTenant(tenant.Slug, tenant.Name, person?.Find(tenant.Slug) is not null, returnUrl));

        var tenantPrefix = $"/t/{tenant.Slug}";
        if (request.PathBase.Value is { } pathBase && pathBase.EndsWith(tenantPrefix, StringComparison.OrdinalIgnoreCase))
        {
            request.PathBase = pathBase[..^tenantPrefix.Length];
        }

        request.Path = WrongTenantModel.Route;
        request.QueryString = QueryString.Empty;
        tenantContext.Tenant = null;
        _wrongTenantPage ??= context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .Single(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == WrongTenantModel.PageName);
        context.SetEndpoint(_wrongTenantPage);
        context.Request.RouteValues = new RouteValueDictionary { ["page"] = WrongTenantModel.PageName };
        await next(context);
    }
}

/// <summary>The tenant a signed-in person asked for but is not signed in for, and where they wanted to go there.</summary>
public sealed record WrongTenant(string Slug, string Name, bool IsMember, string ReturnUrl);
