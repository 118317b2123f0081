using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server;

/// <summary>
/// Problem documents in the request's language: a title that is still ASP.NET Core's English default for its status
/// is replaced by ours. The <c>type</c> URI never changes, so API clients match on it in every language.
/// </summary>
internal static class ProblemTexts
{
    private static readonly HashSet<int> Localized = [400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503];

    private static readonly HashSet<string> DefaultTitles = new(StringComparer.Ordinal)
    {
        "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Conflict", "Payload Too Large",
        "Content Too Large", "Unsupported Media Type", "Too Many Requests", "An error occurred while processing your request.",
        "Service Unavailable", "One or more validation errors occurred.",
    };

    public static void Localize(ProblemDetails problem, HttpContext context)
    {
        if (problem.Status is { } status && Localized.Contains(status) && (problem.Title is null || DefaultTitles.Contains(problem.Title)))
        {
            problem.Title = context.RequestServices.GetRequiredService<IStringLocalizer<SharedTexts>>()["Problem" + status];
        }
    }
}
