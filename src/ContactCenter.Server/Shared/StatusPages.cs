using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server;

/// <summary>
/// Bodies for responses that have none (a page's <c>NotFound()</c>, an unknown address): a small HTML page with a way
/// home for browsers, which otherwise showed a raw problem document; the problem document for everything else (APIs).
/// </summary>
internal static class StatusPages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (WantsPage(http.Request))
        {
            var texts = http.RequestServices.GetRequiredService<IStringLocalizer<SharedTexts>>();
            var (title, text) = status switch
            {
                StatusCodes.Status404NotFound => (texts["NotFoundTitle"], texts["NotFoundText"]),
                StatusCodes.Status403Forbidden => (texts["ForbiddenTitle"], texts["ForbiddenText"]),
                // Pages answer their own validation errors with a body; an empty 400 on a form is the antiforgery check.
                StatusCodes.Status400BadRequest when HttpMethods.IsPost(http.Request.Method) => (texts["FormRefusedTitle"], texts["FormRefusedText"]),
                _ => (texts["RequestFailedTitle"], texts["RequestFailedText", status]),
            };
            await WriteTextAsync(http, title, text);
            return;
        }

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status } }))
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"Status code: {status}", http.RequestAborted);
        }
    }

    /// <summary>A small HTML page with a title, a text and the way home, in the status code already set.</summary>
    public static Task WriteTextAsync(HttpContext http, string title, string text)
    {
        var texts = http.RequestServices.GetRequiredService<IStringLocalizer<SharedTexts>>();
        var home = WebUtility.HtmlEncode(http.Request.PathBase + "/");
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{Localization.CurrentLanguage}\"><head><meta charset=\"utf-8\" /><title>{Html(title)} – ContactCenter</title></head>"
            + $"<body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto\"><h1>{Html(title)}</h1><p>{Html(text)}</p>"
            + $"<p><a href=\"{home}\">{Html(texts["BackHome"])}</a></p></body></html>", http.RequestAborted);
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A browser navigating to a page: it asks for HTML by name, and the address is no API.</summary>
    private static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPost(request.Method))
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
