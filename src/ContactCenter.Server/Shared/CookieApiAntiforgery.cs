using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server;

/// <summary>
/// A state-changing API call (POST, PUT, PATCH, DELETE under <c>/api</c>) that the sign-in cookie authenticated must
/// carry the antiforgery token (header <c>RequestVerificationToken</c>, or a form's hidden field): a browser sends the
/// cookie along with any site's request, a bearer token it never does. Keyed on the scheme that authenticated the
/// call, not on headers, so it holds whatever bearer handler (ours today, OpenIddict's validation later) sits beside
/// the cookie. Runs after authentication.
/// </summary>
public sealed class CookieApiAntiforgery(RequestDelegate next, string cookieScheme)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery, IStringLocalizer<SharedTexts> texts)
    {
        // An API's DisableAntiforgery() only turns off minimal APIs' form check for bearer callers; a cookie is checked here all the same.
        if (IsStateChangingApiCall(context.Request) && AuthenticatedBy(context) == cookieScheme)
        {
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: texts["AntiforgeryTitle"], detail: texts["AntiforgeryDetail"],
                    type: "https://contactcenter.example/problems/antiforgery").ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    /// <summary>The scheme whose ticket became the request's user (a policy scheme reports the scheme it forwarded to).</summary>
    public static string? AuthenticatedBy(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme
            : null;

    private static bool IsStateChangingApiCall(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method));
}
