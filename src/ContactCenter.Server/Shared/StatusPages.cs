using System.Net;
using Microsoft.AspNetCore.Diagnostics;

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
            var (title, text) = status switch
            {
                StatusCodes.Status404NotFound => ("Not found", "This page does not exist, or what it showed was deleted."),
                StatusCodes.Status403Forbidden => ("Not allowed", "Your role in this tenant does not allow this page."),
                // Pages answer their own validation errors with a body; an empty 400 on a form is the antiforgery check.
                StatusCodes.Status400BadRequest when HttpMethods.IsPost(http.Request.Method) => ("Form not accepted",
                    "The form's security token did not match, for example after signing in again in another tab. Go back, reload the page and send the form again."),
                _ => ("Request failed", $"The request could not be served (status {status})."),
            };
            var home = WebUtility.HtmlEncode(http.Request.PathBase + "/");
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\" /><title>{title} – ContactCenter</title></head>"
                + $"<body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto\"><h1>{title}</h1><p>{text}</p>"
                + $"<p><a href=\"{home}\">Back to the home page</a></p></body></html>", http.RequestAborted);
            return;
        }

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status } }))
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync($"Status code: {status}", http.RequestAborted);
        }
    }

    /// <summary>A browser navigating to a page: it asks for HTML by name, and the address is no API.</summary>
    private static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPost(request.Method))
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
