namespace ContactCenter.Server.Tenancy;

/// <summary>One way a request names its tenant. Strategies run in registration order.</summary>
public interface ITenantStrategy
{
    /// <summary>The slug this request names by this strategy, or null.</summary>
    string? Identify(HttpContext context);
}

/// <summary><c>&lt;slug&gt;.&lt;base domain&gt;</c>; inactive when no base domain is configured.</summary>
public sealed class HostStrategy(string? baseDomain) : ITenantStrategy
{
    private readonly string? _suffix = string.IsNullOrWhiteSpace(baseDomain) ? null : "." + baseDomain.Trim().TrimStart('.');

    public string? Identify(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (_suffix is null || host.Length <= _suffix.Length || !host.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var label = host[..^_suffix.Length];
        // Only a single label names a tenant: a.b.example.com is not tenant "a.b".
        return label.Contains('.', StringComparison.Ordinal) ? null : label.ToLowerInvariant();
    }
}

/// <summary>
/// <c>/t/&lt;slug&gt;/…</c>. The prefix moves from the path to the path base, so the rest of the app routes as
/// usual and generated links keep the prefix.
/// </summary>
public sealed class PathStrategy : ITenantStrategy
{
    private static readonly PathString Prefix = "/t";

    public string? Identify(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue)
        {
            return null;
        }

        var value = rest.Value!;
        var end = value.IndexOf('/', 1);
        var slug = end < 0 ? value[1..] : value[1..end];
        if (slug.Length == 0)
        {
            return null;
        }

        context.Request.PathBase = context.Request.PathBase.Add(Prefix).Add("/" + slug);
        context.Request.Path = end < 0 ? "/" : value[end..];
        return slug.ToLowerInvariant();
    }
}

/// <summary>The <c>X-Tenant</c> header, for API clients.</summary>
public sealed class HeaderStrategy : ITenantStrategy
{
    public const string HeaderName = "X-Tenant";

    public string? Identify(HttpContext context)
    {
        var value = context.Request.Headers[HeaderName].ToString().Trim();
        return value.Length == 0 ? null : value.ToLowerInvariant();
    }
}
