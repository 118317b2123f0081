using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server;

/// <summary>
/// Reads the outcome of an API handler a page calls, so a mask applies the API's own rules and shows its messages
/// beside the fields instead of keeping a second copy of the validation.
/// </summary>
internal static class HandlerOutcome
{
    /// <summary>The per-field errors of a refused call (a problem without fields lands on <paramref name="problemField"/>); null when it succeeded.</summary>
    public static Dictionary<string, string[]>? ErrorsOf(IResult result, string problemField) => result switch
    {
        ValidationProblem validation => new(validation.ProblemDetails.Errors, StringComparer.OrdinalIgnoreCase),
        ProblemHttpResult problem => new(StringComparer.OrdinalIgnoreCase) { [problemField] = [problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "Refused."] },
        NotFound => new(StringComparer.OrdinalIgnoreCase) { [problemField] = ["It does not exist (any more)."] },
        _ => null,
    };
}
