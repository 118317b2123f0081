using System.Net;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Requests;
using ContactCenter.Testing;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The image proxy's fetches against a real web server on loopback: only raster images from allowed addresses, within bounds.</summary>
public sealed class MailImageFetcherShould : IAsyncLifetime
{
    private ImageOrigin _origin = null!;

    // Loopback stands in for "public" here: 127.0.0.1 is allowed, every other address (127.0.0.2 too) is not.
    private readonly MailImageFetcher _fetcher = new(address => address.Equals(IPAddress.Loopback));

    public async ValueTask InitializeAsync() => _origin = await ImageOrigin.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _origin.DisposeAsync();
    }

    [Fact]
    public async Task PassOnARasterImageWithTheTypeOfItsBytes()
    {
        var image = await _fetcher.FetchAsync(_origin.At("/dot.png"), TestContext.Current.CancellationToken);

        Assert.Equal(ImageOrigin.Png, image.Content);
        Assert.Equal(("image/png", (MailImageRefusal?)null), (image.MediaType, image.Refusal));
        Assert.Equal(MailImageFetcher.UserAgent, Assert.Single(_origin.Requests).UserAgent);
    }

    [Fact]
    public async Task FollowARedirectBetweenAllowedAddresses()
    {
        var image = await _fetcher.FetchAsync(_origin.At("/redirect?to=/dot.png"), TestContext.Current.CancellationToken);

        Assert.Equal("image/png", image.MediaType);
    }

    [Theory]
    [InlineData("/image.svg", MailImageRefusal.Type)]
    [InlineData("/page.html", MailImageRefusal.Type)]
    [InlineData("/fake.png", MailImageRefusal.Type)]
    [InlineData("/big.png", MailImageRefusal.Size)]
    [InlineData("/missing.png", MailImageRefusal.Status)]
    [InlineData("/loop", MailImageRefusal.Redirects)]
    [InlineData("/redirect?to=file:///etc/passwd", MailImageRefusal.Scheme)]
    public async Task RefuseWhatIsNoRasterImageWithinBounds(string path, MailImageRefusal refusal)
    {
        var image = await _fetcher.FetchAsync(_origin.At(path), TestContext.Current.CancellationToken);

        Assert.Equal((null, refusal), (image.Content, image.Refusal));
    }

    [Fact]
    public async Task RefuseARedirectToAnAddressThatIsNotAllowed()
    {
        await using var inner = await ImageOrigin.StartAsync(IPAddress.Parse("127.0.0.2"));

        var image = await _fetcher.FetchAsync(_origin.At($"/redirect?to={Uri.EscapeDataString(inner.At("/dot.png").AbsoluteUri)}"), TestContext.Current.CancellationToken);

        Assert.Equal(MailImageRefusal.Address, image.Refusal);
        Assert.Empty(inner.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    public async Task RefusePrivateAddressesUnderTheMailHostPolicy(string host)
    {
        using var fetcher = new MailImageFetcher(new PublicAddressPolicy(allowPrivateHosts: false));

        var image = await fetcher.FetchAsync(new Uri($"http://{host}:{_origin.Address.Port}/dot.png"), TestContext.Current.CancellationToken);

        Assert.Equal(MailImageRefusal.Address, image.Refusal);
        Assert.Empty(_origin.Requests);
    }
}
