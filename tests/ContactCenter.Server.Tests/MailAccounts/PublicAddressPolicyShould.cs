using System.Net;
using System.Net.Sockets;
using ContactCenter.Server.MailAccounts;

namespace ContactCenter.Server.Tests.MailAccounts;

/// <summary>The address classifier that keeps tenants' mail accounts off the server's own networks.</summary>
public sealed class PublicAddressPolicyShould
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.20.30.40")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.200.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.10")]
    [InlineData("192.88.99.1")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("2002:7f00:0001::1")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("100::1")]
    [InlineData("2001:0:4136:e378::1")]
    [InlineData("2001:2::1")]
    [InlineData("2001:db8::1")]
    [InlineData("3fff::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    public void RefuseANonPublicAddress(string address) => Assert.False(PublicAddressPolicy.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2002:0808:0808::1")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::1")]
    public void AcceptAPublicAddress(string address) => Assert.True(PublicAddressPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task RefuseANameWhenAnyOfItsAddressesIsNotPublic()
    {
        var policy = new PublicAddressPolicy(false, Resolving("8.8.8.8", "10.0.0.5"));
        var errors = new FieldErrors();

        await policy.CheckHostAsync(errors, "host", "mail.example.com", CancellationToken.None);

        Assert.Equal(["host"], errors.ToDictionary().Keys);
    }

    [Fact]
    public async Task RefuseANameThatDoesNotResolve()
    {
        var policy = new PublicAddressPolicy(false, (_, _) => throw new SocketException((int)SocketError.HostNotFound));
        var errors = new FieldErrors();

        await policy.CheckHostAsync(errors, "host", "nowhere.invalid", CancellationToken.None);

        Assert.Equal(["host"], errors.ToDictionary().Keys);
    }

    [Fact]
    public async Task AcceptANameWithOnlyPublicAddresses()
    {
        var policy = new PublicAddressPolicy(false, Resolving("8.8.8.8", "2001:4860:4860::8888"));
        var errors = new FieldErrors();

        await policy.CheckHostAsync(errors, "host", "mail.example.com", CancellationToken.None);

        Assert.False(errors.Any);
    }

    [Fact]
    public async Task RefuseAnAddressLiteralWithoutAskingTheResolver()
    {
        var policy = new PublicAddressPolicy(false, (_, _) => throw new InvalidOperationException("An address literal is not looked up."));
        var errors = new FieldErrors();

        await policy.CheckHostAsync(errors, "host", "[::1]", CancellationToken.None);

        Assert.Equal(["host"], errors.ToDictionary().Keys);
    }

    [Fact]
    public async Task LetEveryHostThroughWhenTheOperatorAllowsPrivateHosts()
    {
        var policy = new PublicAddressPolicy(true, Resolving("127.0.0.1"));
        var errors = new FieldErrors();

        await policy.CheckHostAsync(errors, "host", "localhost", CancellationToken.None);

        Assert.False(errors.Any);
        Assert.True(policy.IsAllowed(IPAddress.Loopback));
        Assert.False(new PublicAddressPolicy(false).IsAllowed(IPAddress.Loopback));
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolving(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());
}
