using System.Net;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>X-Forwarded-* are believed only from <c>Hosting:TrustedProxies</c> (the test servers trust 10.9.8.0/24).</summary>
public sealed class TrustedProxiesShould(SqliteServerFixture server)
{
    [Fact]
    public async Task IgnoreForwardedHeadersFromAnUntrustedAddress()
    {
        var context = await SendAsync("203.0.113.50");

        Assert.Equal(IPAddress.Parse("203.0.113.50"), context.Connection.RemoteIpAddress);
        Assert.Equal("http", context.Request.Scheme);
        Assert.Equal("localhost", context.Request.Host.Host);
    }

    [Fact]
    public async Task IgnoreForwardedHeadersFromLoopbackUnlessTrusted()
    {
        var context = await SendAsync("127.0.0.1");

        Assert.Equal(IPAddress.Loopback, context.Connection.RemoteIpAddress);
        Assert.Equal("http", context.Request.Scheme);
    }

    [Fact]
    public async Task HonourForwardedHeadersFromATrustedProxy()
    {
        var context = await SendAsync("10.9.8.7");

        Assert.Equal(IPAddress.Parse("198.51.100.23"), context.Connection.RemoteIpAddress);
        Assert.Equal("https", context.Request.Scheme);
        Assert.Equal("public.example", context.Request.Host.Host);
    }

    private Task<HttpContext> SendAsync(string from) => server.Server.SendAsync(context =>
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/health";
        context.Request.Host = new HostString("localhost");
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        context.Request.Headers["X-Forwarded-For"] = "198.51.100.23";
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        context.Request.Headers["X-Forwarded-Host"] = "public.example";
    });
}
