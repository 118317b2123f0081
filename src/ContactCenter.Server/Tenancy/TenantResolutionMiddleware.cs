using ContactCenter.Data.Catalog;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// Resolves the request's tenant from every registered strategy. Unknown → 404, suspended → 403,
/// strategies naming different tenants → 400, all as problem documents.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, IEnumerable<ITenantStrategy> strategies, TenantStore store)
{
    private readonly ITenantStrategy[] _strategies = strategies.ToArray();

    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext)
    {
        string? slug = null;
        foreach (var strategy in _strategies)
        {
            var named = strategy.Identify(context);
            if (named is null)
            {
                continue;
            }

            if (slug is not null && slug != named)
            {
                await Problem(context, StatusCodes.Status400BadRequest, Texts(context)["ConflictingTenantsTitle"], Texts(context)["ConflictingTenantsDetail", slug, named]);
                return;
            }

            slug = named;
        }

        if (slug is null)
        {
            await next(context);
            return;
        }

        var tenant = await store.FindBySlugAsync(slug, context.RequestAborted);
        if (tenant is null || tenant.Status is TenantStatus.Provisioning or TenantStatus.Deleting)
        {
            await Problem(context, StatusCodes.Status404NotFound, Texts(context)["UnknownTenantTitle"], Texts(context)["UnknownTenantDetail", slug]);
            return;
        }

        if (tenant.Status == TenantStatus.Suspended)
        {
            await Problem(context, StatusCodes.Status403Forbidden, Texts(context)["TenantSuspendedTitle"], Texts(context)["TenantSuspendedDetail", slug]);
            return;
        }

        tenantContext.Tenant = tenant;
        await next(context);
    }

    private static IStringLocalizer<TenancyTexts> Texts(HttpContext context) => context.RequestServices.GetRequiredService<IStringLocalizer<TenancyTexts>>();

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
