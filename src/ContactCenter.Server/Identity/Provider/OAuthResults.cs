namespace ContactCenter.Server.Identity.Provider;

/// <summary>Protocol answers: RFC 6749 §5.1/§5.2 JSON, never cached.</summary>
public static class OAuthResults
{
    public static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        new NoStore(Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status));

    public static IResult Json(object body) => new NoStore(Results.Json(body));

    private sealed class NoStore(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.Pragma = "no-cache";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
