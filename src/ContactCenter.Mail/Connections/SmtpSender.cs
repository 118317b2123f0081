using MailKit.Net.Smtp;
using MimeKit;

namespace ContactCenter.Mail.Connections;

/// <summary>A connected, signed-in SMTP submission session on MailKit's <see cref="SmtpClient"/>.</summary>
public sealed class SmtpSender : IAsyncDisposable
{
    private readonly SmtpClient _client;
    private readonly MailEndpoint _endpoint;

    private SmtpSender(SmtpClient client, MailEndpoint endpoint)
    {
        _client = client;
        _endpoint = endpoint;
    }

    // The EHLO keywords (RFC 5321 section 4.1.1.1) of the extensions MailKit reads, as the server wrote them.
    private static readonly (SmtpCapabilities Capability, string Keyword)[] Keywords =
    [
        (SmtpCapabilities.Size, "SIZE"), (SmtpCapabilities.Dsn, "DSN"), (SmtpCapabilities.EnhancedStatusCodes, "ENHANCEDSTATUSCODES"),
        (SmtpCapabilities.Authentication, "AUTH"), (SmtpCapabilities.EightBitMime, "8BITMIME"), (SmtpCapabilities.Pipelining, "PIPELINING"),
        (SmtpCapabilities.BinaryMime, "BINARYMIME"), (SmtpCapabilities.Chunking, "CHUNKING"), (SmtpCapabilities.StartTLS, "STARTTLS"),
        (SmtpCapabilities.UTF8, "SMTPUTF8"), (SmtpCapabilities.RequireTLS, "REQUIRETLS"),
    ];

    /// <summary>The extensions the server announced in its EHLO answer, by keyword ("AUTH PLAIN LOGIN", "8BITMIME", …).</summary>
    public IReadOnlyList<string> Extensions =>
        [.. Keywords.Where(k => _client.Capabilities.HasFlag(k.Capability))
            .Select(k => k.Capability == SmtpCapabilities.Authentication && _client.AuthenticationMechanisms.Count > 0
                ? "AUTH " + string.Join(' ', _client.AuthenticationMechanisms)
                : k.Keyword)];

    /// <summary>The SASL mechanisms the server offers.</summary>
    public IReadOnlyCollection<string> AuthenticationMechanisms => _client.AuthenticationMechanisms;

    /// <summary>Connects and, when the endpoint names a user, signs in.</summary>
    /// <exception cref="MailAddressRefusedException">The address policy refused every address of the host.</exception>
    /// <exception cref="MailConnectionException">The server cannot be reached, or the connection broke.</exception>
    /// <exception cref="MailCertificateException">The server's certificate is not trusted.</exception>
    /// <exception cref="MailAuthenticationException">The server refused the credentials.</exception>
    /// <exception cref="MailCommandException">The server refused a command (e.g. STARTTLS is not offered).</exception>
    public static async Task<SmtpSender> ConnectAsync(MailEndpoint endpoint, MailConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(settings);
        var client = settings.ProtocolLog is { } log ? new SmtpClient(log.CreateLogger()) : new SmtpClient();
        client.LocalDomain = settings.ClientName;
        try
        {
            await MailConnector.ConnectAsync(client, endpoint, settings, cancellationToken).ConfigureAwait(false);
            if (endpoint.UserName is { Length: > 0 } user)
            {
                await Guard(endpoint, () => client.AuthenticateAsync(user, endpoint.Password ?? string.Empty, cancellationToken)).ConfigureAwait(false);
            }

            return new SmtpSender(client, endpoint);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="message"/> to the recipients of its To, Cc and Bcc headers, from its From (or Sender).</summary>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the sender, a recipient or the message.</exception>
    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Guard(_endpoint, () => _client.SendAsync(message, cancellationToken));
    }

    /// <summary>Sends <paramref name="message"/> with an envelope of its own: the MAIL FROM and RCPT TO addresses (RFC 5321 section 3.3).</summary>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the sender, a recipient or the message.</exception>
    public Task SendAsync(MimeMessage message, MailboxAddress sender, IEnumerable<MailboxAddress> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Guard(_endpoint, () => _client.SendAsync(message, sender, recipients, cancellationToken));
    }

    /// <summary>Says QUIT and closes the connection.</summary>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    public Task CloseAsync(CancellationToken cancellationToken) => Guard(_endpoint, () => _client.DisconnectAsync(quit: true, cancellationToken));

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task Guard(MailEndpoint endpoint, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (MailErrors.Translate(e, endpoint) is { } translated)
        {
            throw translated;
        }
    }
}
