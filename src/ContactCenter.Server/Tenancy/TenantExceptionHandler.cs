using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// Tenant-scoped services are created while an endpoint's parameters are bound, before any filter runs;
/// a request that named no tenant fails there, and gets a 400 problem document instead of a 500.
/// </summary>
public sealed class TenantExceptionHandler(IProblemDetailsService problems, IStringLocalizer<TenancyTexts> texts) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            TenantNotResolvedException => (StatusCodes.Status400BadRequest, texts["NoTenantTitle"].Value, texts["NoTenantDetail"].Value),
            TenantNotFoundException notFound => (StatusCodes.Status404NotFound, texts["UnknownTenantTitle"].Value, texts["TenantDoesNotExist", notFound.Tenant].Value),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
