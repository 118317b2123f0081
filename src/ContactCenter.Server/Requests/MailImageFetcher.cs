using System.Net;
using System.Net.Sockets;
using ContactCenter.Server.MailAccounts;

namespace ContactCenter.Server.Requests;

/// <summary>Why the proxy did not pass an image on.</summary>
public enum MailImageRefusal
{
    /// <summary>The host resolved to no address the server may reach (private, loopback, …), or to none at all.</summary>
    Address,

    /// <summary>Not http or https, or a redirect to such an address.</summary>
    Scheme,

    /// <summary>More redirects than <see cref="MailImageFetcher.MaxRedirects"/>.</summary>
    Redirects,

    /// <summary>The remote server answered with something other than 200 (after redirects).</summary>
    Status,

    /// <summary>Not a PNG, JPEG, GIF or WebP image by its declared type and its first bytes (SVG never is).</summary>
    Type,

    /// <summary>Larger than <see cref="MailImageFetcher.MaxBytes"/>.</summary>
    Size,

    /// <summary>No complete answer within <see cref="MailImageFetcher.Timeout"/>, or no connection at all.</summary>
    Unreachable,
}

/// <summary>An image the proxy passes on (<see cref="MediaType"/> from its first bytes), or why it does not.</summary>
public sealed record MailImageResult(byte[]? Content, string? MediaType, MailImageRefusal? Refusal);

/// <summary>
/// Fetches the remote images of mail for the image proxy, as carefully as the mail hosts are reached: every
/// connection, the first and each after a redirect, goes only to an address the <see cref="PublicAddressPolicy"/>
/// allows (checked on the address actually connected to, so a name that resolves anew cannot slip past), no cookies,
/// no proxy, no referrer; at most a few redirects, a few megabytes and a few seconds; only raster images.
/// </summary>
public sealed class MailImageFetcher : IDisposable
{
    public const long MaxBytes = 5 * 1024 * 1024;

    public const int MaxRedirects = 3;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;

    public MailImageFetcher(PublicAddressPolicy policy)
        : this((policy ?? throw new ArgumentNullException(nameof(policy))).IsAllowed)
    {
    }

    /// <summary>A fetcher that connects only to addresses <paramref name="allowed"/> accepts.</summary>
    public MailImageFetcher(Func<IPAddress, bool> allowed)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(allowed, context.DnsEndPoint, cancellationToken),
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        _http.DefaultRequestHeaders.Accept.ParseAdd("image/png, image/jpeg, image/gif, image/webp");
    }

    /// <summary>How the proxy introduces itself to the remote server.</summary>
    public const string UserAgent = "ContactCenter-ImageProxy/1.0";

    /// <summary>The image at <paramref name="url"/>, or why it is not passed on.</summary>
    public async Task<MailImageResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var time = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        time.CancelAfter(Timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    return Refused(MailImageRefusal.Scheme);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, time.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (redirects == MaxRedirects)
                    {
                        return Refused(MailImageRefusal.Redirects);
                    }

                    url = new Uri(url, location);
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return Refused(MailImageRefusal.Status);
                }

                if (!RasterImage.IsRasterType(response.Content.Headers.ContentType?.MediaType))
                {
                    return Refused(MailImageRefusal.Type);
                }

                if (response.Content.Headers.ContentLength > MaxBytes)
                {
                    return Refused(MailImageRefusal.Size);
                }

                var content = await ReadAsync(response.Content, time.Token);
                if (content is null)
                {
                    return Refused(MailImageRefusal.Size);
                }

                return RasterImage.MediaTypeOf(content) is { } mediaType ? new MailImageResult(content, mediaType, null) : Refused(MailImageRefusal.Type);
            }
        }
        catch (HttpRequestException failure) when (failure.InnerException is AddressRefusedException)
        {
            return Refused(MailImageRefusal.Address);
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Refused(MailImageRefusal.Unreachable);
        }
    }

    public void Dispose() => _http.Dispose();

    private static MailImageResult Refused(MailImageRefusal refusal) => new(null, null, refusal);

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The body, or null when it runs past <see cref="MaxBytes"/> (whatever Content-Length said).</summary>
    private static async Task<byte[]?> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > MaxBytes)
            {
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    /// <summary>Resolves the host and connects to the first of its addresses that <paramref name="allowed"/> accepts.</summary>
    private static async ValueTask<Stream> ConnectAsync(Func<IPAddress, bool> allowed, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var permitted = addresses.Where(allowed).ToList();
        if (permitted.Count == 0)
        {
            throw new AddressRefusedException(endpoint.Host);
        }

        SocketException? last = null;
        foreach (var address in permitted)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, endpoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException failure)
            {
                socket.Dispose();
                last = failure;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    /// <summary>Every address of the host was refused by the policy.</summary>
    private sealed class AddressRefusedException(string host) : IOException($"No address of {host} may be reached from here.");
}
