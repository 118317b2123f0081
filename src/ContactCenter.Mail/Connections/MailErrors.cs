using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace ContactCenter.Mail.Connections;

/// <summary>Turns what MailKit and the network throw into the typed errors of our seam.</summary>
internal static class MailErrors
{
    /// <summary>The typed error for <paramref name="error"/>, or null when it is not a mail failure (a bug, a cancellation).</summary>
    public static MailException? Translate(Exception error, MailEndpoint endpoint) => error switch
    {
        MailException => null,
        OperationCanceledException => null,
        MailKit.Security.SslHandshakeException e => new MailCertificateException($"The TLS handshake with {endpoint.Host}:{endpoint.Port} failed: {FirstLine(e.Message)}", e),
        MailKit.Security.AuthenticationException { InnerException: SmtpCommandException smtp } e =>
            new MailAuthenticationException($"{endpoint.Host} refused the sign-in of {endpoint.UserName}: {(int)smtp.StatusCode} {e.Message}", e),
        MailKit.Security.AuthenticationException e => new MailAuthenticationException($"{endpoint.Host} refused the sign-in of {endpoint.UserName}: {e.Message}", e),
        ImapCommandException e => new MailCommandException($"{endpoint.Host} refused the command: {e.ResponseText}", e),
        Pop3CommandException e => new MailCommandException($"{endpoint.Host} refused the command: {e.StatusText}", e),
        SmtpCommandException e => new MailCommandException($"{endpoint.Host} refused the command: {(int)e.StatusCode} {e.Message}", e),
        ProtocolException e => new MailConnectionException($"The connection to {endpoint.Host}:{endpoint.Port} broke: {e.Message}", e),
        ServiceNotConnectedException e => new MailConnectionException($"The connection to {endpoint.Host}:{endpoint.Port} is closed: {e.Message}", e),
        ServiceNotAuthenticatedException e => new MailAuthenticationException($"Not signed in to {endpoint.Host}: {e.Message}", e),
        NotSupportedException e => new MailCommandException($"{endpoint.Host}:{endpoint.Port} does not support what was asked: {e.Message}", e),
        IOException e => new MailConnectionException($"The connection to {endpoint.Host}:{endpoint.Port} broke: {e.Message}", e),
        System.Net.Sockets.SocketException e => new MailConnectionException($"The connection to {endpoint.Host}:{endpoint.Port} broke: {e.Message}", e),
        TimeoutException e => new MailConnectionException($"{endpoint.Host}:{endpoint.Port} did not answer in time: {e.Message}", e),
        _ => null,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
