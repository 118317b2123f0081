using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Observability;

/// <summary>
/// <c>GET /metrics</c>, in Prometheus text format, for a scraper holding <c>Metrics:Token</c> as its bearer token or for a
/// platform operator (their access token). No token or an unknown one: 401; a token of someone else: 403. Without a
/// configured <c>Metrics:Token</c> only operators get in. Left out of the OpenAPI document: it is no API of the product.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        // Anonymous for the fallback policy: the handler decides, so that a scraper's token (no OpenID Connect token) gets in.
        app.MapGet(Path, ServeAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ServeAsync(
        HttpContext context, MetricsExporter exporter, CatalogDbContext catalog, IConfiguration configuration,
        IStringLocalizer<ObservabilityTexts> texts, CancellationToken cancellationToken)
    {
        if (!HoldsMetricsToken(context.Request, configuration["Metrics:Token"]))
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: texts["MetricsUnauthorizedDetail"]);
            }

            if (!TenantAccess.IsPlatformOperator(context.User))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: texts["MetricsForbiddenDetail"]);
            }
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(await exporter.ScrapeAsync(catalog, cancellationToken), MetricsExporter.ContentType);
    }

    /// <summary>
    /// Whether the bearer token is the configured one. Both are hashed first, so the comparison takes the same time
    /// whatever the length or the first differing byte.
    /// </summary>
    private static bool HoldsMetricsToken(HttpRequest request, string? configured)
    {
        var header = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (string.IsNullOrEmpty(configured) || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
    }
}
