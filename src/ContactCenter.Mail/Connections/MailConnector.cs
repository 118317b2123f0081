using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Security;

namespace ContactCenter.Mail.Connections;

/// <summary>
/// Opens a MailKit client's connection: resolves the host, asks the address policy about every address, connects a
/// socket to the first allowed one that answers and hands that socket to MailKit, which secures it as configured.
/// </summary>
internal static class MailConnector
{
    /// <exception cref="MailAddressRefusedException">The policy refused every address of the host.</exception>
    /// <exception cref="MailConnectionException">The host cannot be resolved or reached, or the connection broke.</exception>
    /// <exception cref="MailCertificateException">The server's certificate is not trusted.</exception>
    /// <exception cref="MailCommandException">The server refused STARTTLS or broke the protocol.</exception>
    public static async Task ConnectAsync(MailService client, MailEndpoint endpoint, MailConnectionSettings settings, CancellationToken cancellationToken)
    {
        var validation = new CertificateValidation(settings.ExtraTrustedCa);
        client.Timeout = (int)settings.Timeout.TotalMilliseconds;
        client.ServerCertificateValidationCallback = validation.Validate;
        // As before the move: chains are checked in full, revocation lists are not fetched (private CAs publish none).
        client.CheckCertificateRevocation = false;
        settings.ProtocolLog?.Redact(endpoint.Password);
        var socket = await OpenSocketAsync(endpoint, settings, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, Options(endpoint.Security), cancellationToken).ConfigureAwait(false);
        }
        catch (SslHandshakeException e)
        {
            socket.Dispose();
            throw new MailCertificateException(
                $"The certificate of {endpoint.Host}:{endpoint.Port} is not trusted ({Describe(validation.LastErrors)}); nothing was sent to it.", e);
        }
        catch (Exception e) when (MailErrors.Translate(e, endpoint) is { } translated)
        {
            socket.Dispose();
            throw translated;
        }
    }

    private static SecureSocketOptions Options(MailSecurity security) => security switch
    {
        MailSecurity.ImplicitTls => SecureSocketOptions.SslOnConnect,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    private static string Describe(System.Net.Security.SslPolicyErrors errors) => errors switch
    {
        System.Net.Security.SslPolicyErrors.None => "the TLS handshake failed",
        _ when errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) => "it is issued for another name",
        _ when errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable) => "the server sent none",
        _ => "its issuer is not trusted",
    };

    private static async Task<Socket> OpenSocketAsync(MailEndpoint endpoint, MailConnectionSettings settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(endpoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(endpoint.Host, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new MailConnectionException($"Cannot resolve {endpoint.Host}: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MailConnectionException($"Resolving {endpoint.Host} timed out after {settings.Timeout.TotalSeconds:0.#} s.");
        }

        var allowed = addresses.Where(a => settings.AddressPolicy.Allows(endpoint.Host, a)).ToList();
        if (allowed.Count == 0)
        {
            throw new MailAddressRefusedException(endpoint.Host, addresses);
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), timeout.Token).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new MailConnectionException($"Connecting to {endpoint.Host}:{endpoint.Port} timed out after {settings.Timeout.TotalSeconds:0.#} s.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new MailConnectionException($"Cannot connect to {endpoint.Host}:{endpoint.Port}: {last!.Message}", last);
    }
}
