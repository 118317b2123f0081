using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ContactCenter.Server;

/// <summary>
/// The one origin (scheme, host, port) the server names itself by in mailed links, redirects and (later) the issuer:
/// <c>Hosting:PublicOrigin</c>, else <c>Identity:Issuer</c> (its older name), else the first http(s) address the server
/// listens on, a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) read as <c>localhost</c>. Never the
/// request's Host header: whoever sends the request chooses that, and a password-reset link must not lead to them.
/// With <c>Tenancy:BaseDomain</c> a tenant's links name its own host, <c>&lt;slug&gt;.&lt;base domain&gt;</c>.
/// </summary>
public sealed class PublicOrigin(IConfiguration configuration, IServer server)
{
    public const string Key = "Hosting:PublicOrigin";

    private Uri? _origin;

    /// <summary>The origin, without a trailing slash (<c>https://cc.example.com</c>).</summary>
    public Uri Origin => _origin ??= Configured(configuration) ?? Listening(server) ?? new Uri("http://localhost");

    /// <summary>Whether the public origin is https: then every cookie is <c>Secure</c> and HSTS is sent.</summary>
    public bool IsHttps => Origin.Scheme == Uri.UriSchemeHttps;

    /// <summary>The origin as text, <c>scheme://host[:port]</c>.</summary>
    public string Text => Origin.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// An absolute link to <paramref name="pathAndQuery"/> (starting with <c>/</c>) on the public origin, or on the
    /// host of the tenant <paramref name="tenantSlug"/> when tenants have host names (<c>Tenancy:BaseDomain</c>).
    /// </summary>
    public string Link(string pathAndQuery, string? tenantSlug = null)
    {
        var origin = Origin;
        if (tenantSlug is not null && configuration["Tenancy:BaseDomain"] is { Length: > 0 } baseDomain)
        {
            origin = new UriBuilder(origin) { Host = $"{tenantSlug}.{baseDomain.Trim('.')}" }.Uri;
        }

        return origin.GetLeftPart(UriPartial.Authority) + pathAndQuery;
    }

    /// <summary>The configured origin; throws at first use when it is not an absolute http(s) origin.</summary>
    /// <exception cref="InvalidOperationException">The configured value is no http(s) origin.</exception>
    public static Uri? Configured(IConfiguration configuration)
    {
        var (key, value) = configuration[Key] is { Length: > 0 } origin ? (Key, origin)
            : configuration["Identity:Issuer"] is { Length: > 0 } issuer ? ("Identity:Issuer", issuer)
            : (Key, null);
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.PathAndQuery is not ("/" or ""))
        {
            throw new InvalidOperationException($"{key} must be an http or https origin such as https://cc.example.com (no path), not '{value}'.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private static Uri? Listening(IServer server)
    {
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            // Kestrel's wildcards are no host a browser can reach.
            var reachable = address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
            if (Uri.TryCreate(reachable, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return new Uri(uri.GetLeftPart(UriPartial.Authority));
            }
        }

        return null;
    }
}
