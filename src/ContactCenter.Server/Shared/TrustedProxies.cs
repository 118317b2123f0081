using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ContactCenter.Server;

/// <summary>
/// X-Forwarded-For, -Proto and -Host are believed only from the proxies named in <c>Hosting:TrustedProxies</c>
/// (addresses or CIDR ranges; none by default, not even loopback): from anyone else they would let a caller choose
/// the address rate limits count and the scheme and host the request claims.
/// </summary>
public static class TrustedProxies
{
    public const string Key = "Hosting:TrustedProxies";

    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var trusted = builder.Configuration.GetSection(Key).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in trusted.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException($"{Key} holds '{entry}', which is neither an IP address nor a CIDR range such as 10.0.0.0/8.");
                }
            }

            // One hop per trusted proxy in front of us; the first untrusted address is the client.
            options.ForwardLimit = null;
        });
        return builder;
    }

    /// <summary>First in the pipeline, so everything after sees the client's address and the original scheme and host.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
