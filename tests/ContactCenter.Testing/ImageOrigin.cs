using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Testing;

/// <summary>
/// A foreign web server on a loopback port for the mail image tests: a real image, and the things an image proxy must
/// not pass on (SVG, HTML, HTML declared as PNG, an oversized body without Content-Length, redirects). It records
/// every request it gets with its User-Agent, so a test can tell the proxy's fetches from a browser's.
/// </summary>
public sealed class ImageOrigin : IAsyncDisposable
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    public const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";

    private readonly WebApplication _app;

    private ImageOrigin(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Every request so far: its path and query, and its User-Agent.</summary>
    public ConcurrentQueue<(string Path, string? UserAgent)> Requests { get; } = new();

    public Uri At(string pathAndQuery) => new(Address, pathAndQuery);

    /// <summary>Starts it on <paramref name="address"/> (loopback by default) on a free port.</summary>
    public static async Task<ImageOrigin> StartAsync(IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(address ?? IPAddress.Loopback, 0));
        var app = builder.Build();
        ImageOrigin? origin = null;
        app.Use(async (context, next) =>
        {
            origin!.Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.UserAgent.ToString()));
            await next(context);
        });
        app.MapGet("/dot.png", () => Results.Bytes(Png, "image/png"));
        app.MapGet("/image.svg", () => Results.Text(Svg, "image/svg+xml"));
        app.MapGet("/page.html", () => Results.Text("<html><body><script>alert(1)</script></body></html>", "text/html"));
        app.MapGet("/fake.png", () => Results.Text("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "image/png"));
        app.MapGet("/big.png", async (HttpContext context) =>
        {
            // No Content-Length: the proxy must count what it reads.
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(Png);
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 6 * 16; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        await app.StartAsync();
        var listening = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        origin = new ImageOrigin(app, new Uri(listening.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return origin;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
