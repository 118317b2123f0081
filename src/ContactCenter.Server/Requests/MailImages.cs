using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The image proxy of the mail view: <c>GET /mail-images/{token}</c> fetches the one remote image its token names
/// (<see cref="MailImageTokens"/>) and passes it on as a raster image under a policy that runs nothing. No sign-in: the
/// sandboxed mail frame sends no cookie, and the token, made for a signed-in reader of the request, is the permission.
/// </summary>
public static class MailImages
{
    public const string Path = "/mail-images";

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<RequestsTexts>();

    public static IEndpointRouteBuilder MapMailImages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{token}", ProxyAsync).RequireTenant().AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The address of <paramref name="url"/> through the proxy, relative to the tenant's base (<c>~/mail-images/…</c>).</summary>
    public static string Address(MailImageTokens tokens, Guid tenantId, Guid requestId, Guid messageId, Uri url)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return $"~{Path}/{tokens.Create(tenantId, requestId, messageId, url)}";
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ProxyAsync(
        string token, MailImageTokens tokens, MailImageFetcher fetcher, TenantContext tenant, TenantDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        // A token of another tenant, or of a message that is not (or no longer) the request's, is as unknown as a forged one.
        var ticket = tokens.Read(token);
        if (ticket is null || ticket.TenantId != tenant.Required.Id
            || !await db.RequestMessages.AnyAsync(m => m.Id == ticket.MessageId && m.RequestId == ticket.RequestId, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Texts["MailImageUnknownTitle"], detail: Texts["MailImageUnknownDetail"]);
        }

        var image = await fetcher.FetchAsync(ticket.Url, cancellationToken);
        if (image.Content is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: Texts["MailImageRefusedTitle"],
                detail: Texts["MailImageRefused" + image.Refusal], extensions: new Dictionary<string, object?> { ["reason"] = image.Refusal?.ToString().ToLowerInvariant() });
        }

        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.File(image.Content, image.MediaType);
    }
}
