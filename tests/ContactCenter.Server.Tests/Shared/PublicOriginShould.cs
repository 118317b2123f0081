using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>Where the public origin comes from, and the links built on it.</summary>
public sealed class PublicOriginShould
{
    [Fact]
    public void PreferHostingPublicOriginOverTheIssuerAndTheAddresses()
    {
        var origin = Origin(new() { ["Hosting:PublicOrigin"] = "https://cc.example.com/", ["Identity:Issuer"] = "https://old.example.com" }, "http://0.0.0.0:8080");

        Assert.Equal("https://cc.example.com", origin.Text);
        Assert.True(origin.IsHttps);
        Assert.Equal("https://cc.example.com/account/login", origin.Link("/account/login"));
    }

    [Fact]
    public void TakeTheIssuerWhenNoPublicOriginIsSet()
    {
        var origin = Origin(new() { ["Identity:Issuer"] = "https://login.example.com:8443" }, "http://localhost:5000");

        Assert.Equal("https://login.example.com:8443", origin.Text);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000", "http://localhost:5000")]
    [InlineData("http://[::]:5000", "http://localhost:5000")]
    [InlineData("https://+:5001", "https://localhost:5001")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    public void FallBackToTheFirstAddressTheServerListensOn(string listening, string expected)
    {
        Assert.Equal(expected, Origin([], listening).Text);
    }

    [Fact]
    public void NameATenantsOwnHostWhenTenantsHaveHostNames()
    {
        var origin = Origin(new() { ["Hosting:PublicOrigin"] = "https://cc.example.com:8443", ["Tenancy:BaseDomain"] = "cc.example.com" });

        Assert.Equal("https://acme.cc.example.com:8443/admin", origin.Link("/admin", "acme"));
        Assert.Equal("https://cc.example.com:8443/account/login", origin.Link("/account/login"));
        Assert.Equal("https://cc.example.com:8443/t/acme/admin", Origin(new() { ["Hosting:PublicOrigin"] = "https://cc.example.com:8443" }).Link("/t/acme/admin", "acme"));
    }

    [Theory]
    [InlineData("cc.example.com")]
    [InlineData("ftp://cc.example.com")]
    [InlineData("https://cc.example.com/base")]
    public void RefuseAnOriginThatIsNone(string configured)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Origin(new() { ["Hosting:PublicOrigin"] = configured }).Text);

        Assert.Contains("Hosting:PublicOrigin", refused.Message, StringComparison.Ordinal);
    }

    private static PublicOrigin Origin(Dictionary<string, string?> settings, params string[] listening)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new PublicOrigin(configuration, new ListeningServer(listening));
    }

    /// <summary>What a started server tells about itself: the addresses it listens on.</summary>
    private sealed class ListeningServer : IServer
    {
        public ListeningServer(string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
            throw new InvalidOperationException("Only the addresses are read.");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
