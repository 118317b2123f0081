using System.Net;
using System.Net.Sockets;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// Which hosts a tenant administrator may point the server at (mail accounts, SMTP servers): only public internet
/// addresses, so an account cannot be aimed at the server's own loopback, the hosting network or a cloud metadata
/// service. A name must resolve, and every address it resolves to must be public. <c>Mail:AllowPrivateHosts</c>
/// (<c>true</c> for the local test mail servers) lets every host through.
/// <para>
/// Check twice: when a host is saved (<see cref="CheckHostAsync"/>, a field error) and again on the address actually
/// connected to (<see cref="IsAllowed"/>, in the mail connection's connect step), since a name may resolve differently
/// by then.
/// </para>
/// </summary>
public sealed class PublicAddressPolicy(bool allowPrivateHosts, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    public const string AllowPrivateHostsKey = "Mail:AllowPrivateHosts";

    // IANA special-purpose registries (RFC 6890 and its updates): none of these reach a mail server on the internet.
    private static readonly IPNetwork[] NonPublicV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"), // private (RFC 1918)
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT (RFC 6598)
        IPNetwork.Parse("127.0.0.0/8"), // loopback
        IPNetwork.Parse("169.254.0.0/16"), // link-local, cloud metadata services
        IPNetwork.Parse("172.16.0.0/12"), // private
        IPNetwork.Parse("192.0.0.0/24"), // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"), // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"), // 6to4 relay anycast (deprecated)
        IPNetwork.Parse("192.168.0.0/16"), // private
        IPNetwork.Parse("198.18.0.0/15"), // benchmarking (RFC 2544)
        IPNetwork.Parse("198.51.100.0/24"), // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"), // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/4"), // multicast
        IPNetwork.Parse("240.0.0.0/4"), // reserved, and the broadcast address
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork[] NonPublicV6 =
    [
        IPNetwork.Parse("2001::/32"), // Teredo: a tunnel to any IPv4 address
        IPNetwork.Parse("2001:2::/48"), // benchmarking
        IPNetwork.Parse("2001:10::/28"), // ORCHID
        IPNetwork.Parse("2001:20::/28"), // ORCHIDv2
        IPNetwork.Parse("2001:db8::/32"), // documentation
        IPNetwork.Parse("3fff::/20"), // documentation (RFC 9637)
    ];

    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? ((host, cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken));

    /// <summary>The policy the configuration asks for.</summary>
    public static PublicAddressPolicy From(IConfiguration configuration) => new(configuration.GetValue(AllowPrivateHostsKey, false));

    public bool AllowsPrivateHosts => allowPrivateHosts;

    /// <summary>Whether the server may connect to <paramref name="address"/>: a public one, or any when private hosts are allowed.</summary>
    public bool IsAllowed(IPAddress address) => allowPrivateHosts || IsPublic(address);

    /// <summary>
    /// Whether <paramref name="address"/> is a public internet address: not loopback, private, link-local, multicast,
    /// unspecified, CGNAT, documentation or benchmarking, nor an IPv4-mapped, 6to4 or NAT64 form of one of those.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !NonPublicV4.Any(network => network.Contains(address));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        var bytes = address.GetAddressBytes();
        if (SixToFour.Contains(address))
        {
            // RFC 3056: the IPv4 address of the 6to4 site is bits 16 to 47.
            return IsPublic(new IPAddress(bytes.AsSpan(2, 4)));
        }

        if (Nat64.Contains(address))
        {
            // RFC 6052: the well-known prefix carries the IPv4 address in its last 32 bits.
            return IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
        }

        // Everything outside global unicast is loopback, unspecified, IPv4-compatible, unique local, link-local,
        // site-local, multicast or unassigned.
        return GlobalUnicastV6.Contains(address) && !NonPublicV6.Any(network => network.Contains(address));
    }

    /// <summary>
    /// Adds a field error to <paramref name="errors"/> when <paramref name="host"/> (a name or an address literal) does
    /// not resolve, or resolves to any address that is not public; nothing when private hosts are allowed.
    /// </summary>
    public async Task CheckHostAsync(FieldErrors errors, string field, string? host, CancellationToken cancellationToken)
    {
        if (allowPrivateHosts || host is null)
        {
            return;
        }

        var texts = Localization.Texts<MailAccountsTexts>();
        var addresses = await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            errors.Add(field, texts["HostNotResolved", host]);
        }
        else if (!addresses.All(IsPublic))
        {
            errors.Add(field, texts["HostNotPublic", host]);
        }
    }

    /// <summary>The addresses of <paramref name="host"/>; none when the name does not resolve.</summary>
    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        try
        {
            return await _resolve(host, cancellationToken);
        }
        catch (SocketException)
        {
            // No such name (or no answer): the host cannot be shown to be public.
            return [];
        }
    }
}
