using System.Globalization;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Smtp;

/// <summary>
/// SMTP submission client (RFC 5321) with STARTTLS (RFC 3207), AUTH PLAIN/LOGIN/XOAUTH2 (RFC 4954), SIZE
/// (RFC 1870), 8BITMIME (RFC 6152) and SMTPUTF8 (RFC 6531). It sends raw message bytes; building the message is
/// the MIME writer's job. Not thread-safe: one command at a time.
/// </summary>
public sealed class SmtpClient : IAsyncDisposable
{
    private SmtpEngine? _engine;
    private string _clientName = "localhost";
    private Dictionary<string, string> _extensions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extensions the server announced in its last EHLO reply (keyword → parameters).</summary>
    public IReadOnlyDictionary<string, string> Extensions => _extensions;

    /// <summary>Whether the client holds a usable connection.</summary>
    public bool IsConnected => _engine is { Transport.IsBroken: false };

    /// <summary>Whether the connection is encrypted.</summary>
    public bool IsEncrypted => _engine?.Transport.IsTls == true;

    /// <summary>Whether the session is authenticated.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>Connects, reads the greeting, says EHLO and, when asked to, upgrades with STARTTLS.</summary>
    /// <exception cref="MailConnectionException">The connection failed, the certificate was not trusted, or it timed out.</exception>
    /// <exception cref="MailCommandException">The server refused the session (554 greeting) or EHLO/HELO.</exception>
    /// <exception cref="MailCapabilityException">STARTTLS was required but is not offered.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public async Task ConnectAsync(MailConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        MailText.RequireSingleLine(options.ClientName, nameof(options.ClientName));
        var transport = await MailTransport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        await StartAsync(transport, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the session over an already open stream (e.g. a proxy tunnel or a test transcript).</summary>
    /// <exception cref="MailConnectionException">The stream broke or timed out.</exception>
    /// <exception cref="MailCommandException">The server refused the session or EHLO/HELO.</exception>
    /// <exception cref="MailCapabilityException">STARTTLS was required but is not offered.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public Task ConnectAsync(Stream stream, MailConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        MailText.RequireSingleLine(options.ClientName, nameof(options.ClientName));
        var transport = MailTransport.FromStream(stream, options.Host, options.Timeout, options.ExtraTrustedCa);
        return StartAsync(transport, options, cancellationToken);
    }

    private async Task StartAsync(MailTransport transport, MailConnectionOptions options, CancellationToken cancellationToken)
    {
        if (_engine is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The client is already connected.");
        }

        _engine = new SmtpEngine(transport);
        _clientName = options.ClientName;
        try
        {
            // RFC 5321 section 4.3.1: 220 greets, 554 refuses the session.
            var greeting = await _engine.ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            if (greeting.Code != 220)
            {
                throw new MailCommandException("connection", greeting.Code.ToString(CultureInfo.InvariantCulture), greeting.Text);
            }

            await EhloAsync(cancellationToken).ConfigureAwait(false);
            if (options.Security == MailSecurity.StartTls)
            {
                if (!_extensions.ContainsKey("STARTTLS"))
                {
                    throw new MailCapabilityException($"The server {options.Host} does not offer STARTTLS, which the connection options require.");
                }

                var ready = await _engine.CommandAsync("STARTTLS", cancellationToken).ConfigureAwait(false);
                ThrowIfNot(ready, 220, "STARTTLS");
                await transport.StartTlsAsync(cancellationToken).ConfigureAwait(false);
                // RFC 3207 section 4.2: forget everything learnt before TLS and say EHLO again.
                await EhloAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DisconnectAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Authenticates with the best mechanism the server offers for the credentials (RFC 4954).</summary>
    /// <exception cref="MailAuthenticationException">The server rejected the credentials.</exception>
    /// <exception cref="MailCapabilityException">The server offers no mechanism usable with these credentials.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task AuthenticateAsync(MailCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        credentials.Validate();
        var engine = RequireEngine();
        var mechanisms = _extensions.TryGetValue("AUTH", out var list)
            ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        SmtpResponse response;
        switch (credentials)
        {
            case OAuth2Credentials oauth when mechanisms.Contains("XOAUTH2"):
                response = await engine.CommandAsync("AUTH XOAUTH2 " + MailText.SaslXOAuth2(oauth), cancellationToken).ConfigureAwait(false);
                if (response.Code == 334)
                {
                    // The server sent a JSON error as a challenge; an empty line ends the exchange (it then answers 535).
                    response = await engine.CommandAsync(string.Empty, cancellationToken).ConfigureAwait(false);
                }

                break;
            case PasswordCredentials password when mechanisms.Contains("PLAIN"):
                response = await engine.CommandAsync("AUTH PLAIN " + MailText.SaslPlain(password), cancellationToken).ConfigureAwait(false);
                break;
            case PasswordCredentials password when mechanisms.Contains("LOGIN"):
                response = await engine.CommandAsync("AUTH LOGIN", cancellationToken).ConfigureAwait(false);
                if (response.Code == 334)
                {
                    response = await engine.CommandAsync(MailText.Base64(password.UserName), cancellationToken).ConfigureAwait(false);
                }

                if (response.Code == 334)
                {
                    response = await engine.CommandAsync(MailText.Base64(password.Password), cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                throw new MailCapabilityException(
                    $"The server offers no authentication mechanism usable with {credentials.GetType().Name} (offered: {(mechanisms.Count == 0 ? "none" : string.Join(' ', mechanisms))}).");
        }

        if (response.Code != 235)
        {
            throw new MailAuthenticationException($"SMTP authentication as {credentials.UserName} failed: {response}", response.ToString());
        }

        IsAuthenticated = true;
    }

    /// <summary>
    /// Sends one message: MAIL FROM, one RCPT TO per recipient, DATA with the dot-stuffed bytes of
    /// <paramref name="message"/>. Recipients the server refuses are reported in the result; the message goes to
    /// the others. When the server refuses all recipients the transaction is reset and an exception thrown.
    /// </summary>
    /// <param name="from">Envelope sender (may be empty for a bounce).</param>
    /// <param name="recipients">Envelope recipients.</param>
    /// <param name="message">The raw message (RFC 5322 bytes). A seekable stream is scanned for 8-bit bytes and its size announced;
    /// a forward-only stream is declared 8BITMIME where the server offers it.</param>
    /// <param name="cancellationToken">Cancels the exchange (the connection is then closed).</param>
    /// <exception cref="ArgumentException">An address holds CR, LF, NUL, angle brackets or spaces, or no recipient was given.</exception>
    /// <exception cref="MailCapabilityException">The message needs SMTPUTF8 or 8BITMIME, or exceeds SIZE, and the server does not allow it.</exception>
    /// <exception cref="MailCommandException">The server refused MAIL FROM, every recipient, or the data.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public async Task<SmtpSendResult> SendAsync(string from, IEnumerable<string> recipients, Stream message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(message);
        ValidateAddress(from, nameof(from), allowEmpty: true);
        var to = recipients.ToList();
        if (to.Count == 0)
        {
            throw new ArgumentException("At least one recipient is needed.", nameof(recipients));
        }

        foreach (var address in to)
        {
            ValidateAddress(address, nameof(recipients), allowEmpty: false);
        }

        var engine = RequireEngine();
        var parameters = new List<string>();

        // RFC 6531 section 3.4: non-ASCII addresses need SMTPUTF8 on MAIL FROM.
        if (!MailText.IsAscii(from) || to.Any(a => !MailText.IsAscii(a)))
        {
            RequireExtension("SMTPUTF8", "The addresses contain non-ASCII characters");
            parameters.Add("SMTPUTF8");
        }

        if (message.CanSeek)
        {
            long start = message.Position;
            long size = message.Length - start;
            // RFC 1870 section 6: announce the size; refuse locally what the server said it will not take.
            if (_extensions.TryGetValue("SIZE", out var sizeText))
            {
                if (long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out long max) && max > 0 && size > max)
                {
                    throw new MailCapabilityException($"The message has {size} bytes; the server accepts at most {max}.");
                }

                parameters.Add("SIZE=" + size.ToString(CultureInfo.InvariantCulture));
            }

            if (await HasEightBitAsync(message, cancellationToken).ConfigureAwait(false))
            {
                // RFC 6152 section 3: 8-bit content is declared with BODY=8BITMIME.
                RequireExtension("8BITMIME", "The message contains 8-bit bytes");
                parameters.Add("BODY=8BITMIME");
            }

            message.Position = start;
        }
        else if (_extensions.ContainsKey("8BITMIME"))
        {
            // A forward-only stream cannot be scanned first; declaring 8BITMIME is harmless for 7-bit content (RFC 6152 section 3).
            parameters.Add("BODY=8BITMIME");
        }

        string mailFrom = $"MAIL FROM:<{from}>" + (parameters.Count > 0 ? " " + string.Join(' ', parameters) : string.Empty);
        var mailResponse = await engine.CommandAsync(mailFrom, cancellationToken).ConfigureAwait(false);
        ThrowIfNotPositive(mailResponse, "MAIL FROM");

        var results = new List<SmtpRecipientResult>(to.Count);
        foreach (var address in to)
        {
            var response = await engine.CommandAsync($"RCPT TO:<{address}>", cancellationToken).ConfigureAwait(false);
            results.Add(new SmtpRecipientResult(address, response));
        }

        if (!results.Any(r => r.Accepted))
        {
            await ResetAsync(cancellationToken).ConfigureAwait(false);
            var first = results[0].Response;
            throw new MailCommandException("RCPT TO", first.Code.ToString(CultureInfo.InvariantCulture), "every recipient was refused; first: " + first.Text);
        }

        var dataResponse = await engine.CommandAsync("DATA", cancellationToken).ConfigureAwait(false);
        ThrowIfNot(dataResponse, 354, "DATA");
        await SmtpDataWriter.WriteAsync(engine.Transport, message, cancellationToken).ConfigureAwait(false);
        var final = await engine.ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfNotPositive(final, "DATA");
        return new SmtpSendResult(results, final);
    }

    /// <summary>Aborts the current mail transaction (RSET).</summary>
    /// <exception cref="MailCommandException">The server refused RSET.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        var response = await RequireEngine().CommandAsync("RSET", cancellationToken).ConfigureAwait(false);
        ThrowIfNotPositive(response, "RSET");
    }

    /// <summary>Checks the connection (NOOP).</summary>
    /// <exception cref="MailCommandException">The server refused NOOP.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task NoopAsync(CancellationToken cancellationToken = default)
    {
        var response = await RequireEngine().CommandAsync("NOOP", cancellationToken).ConfigureAwait(false);
        ThrowIfNotPositive(response, "NOOP");
    }

    /// <summary>Ends the session politely (QUIT) and closes the connection.</summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out before the server answered.</exception>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        var engine = RequireEngine();
        try
        {
            await engine.CommandAsync("QUIT", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection without QUIT.</summary>
    public async ValueTask DisposeAsync() => await DisconnectAsync().ConfigureAwait(false);

    private async Task EhloAsync(CancellationToken cancellationToken)
    {
        var engine = RequireEngine();
        var response = await engine.CommandAsync("EHLO " + _clientName, cancellationToken).ConfigureAwait(false);
        var extensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (response.IsPositive)
        {
            // RFC 5321 section 4.1.1.1: the first line greets, each further line names one extension.
            foreach (var line in response.Lines.Skip(1))
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                string keyword = space < 0 ? line : line[..space];
                extensions[keyword] = space < 0 ? string.Empty : line[(space + 1)..].Trim();
            }
        }
        else
        {
            // RFC 5321 section 3.2: a server that does not know EHLO gets HELO and offers no extensions.
            response = await engine.CommandAsync("HELO " + _clientName, cancellationToken).ConfigureAwait(false);
            ThrowIfNotPositive(response, "HELO");
        }

        _extensions = extensions;
    }

    private static async Task<bool> HasEightBitAsync(Stream message, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await message.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.AsSpan(0, read).IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private void RequireExtension(string extension, string reason)
    {
        if (!_extensions.ContainsKey(extension))
        {
            throw new MailCapabilityException($"{reason}, but the server does not offer {extension}.");
        }
    }

    private static void ValidateAddress(string address, string parameterName, bool allowEmpty)
    {
        MailText.RequireSingleLine(address, parameterName);
        if (!allowEmpty && address.Length == 0)
        {
            throw new ArgumentException("An envelope address is empty.", parameterName);
        }

        // The path is sent inside <...>: brackets or spaces would end it early and smuggle parameters.
        if (address.AsSpan().IndexOfAny("<> \t") >= 0)
        {
            throw new ArgumentException($"The envelope address \"{address}\" contains angle brackets or white space.", parameterName);
        }
    }

    private static void ThrowIfNotPositive(SmtpResponse response, string command)
    {
        if (!response.IsPositive)
        {
            throw new MailCommandException(command, response.Code.ToString(CultureInfo.InvariantCulture), response.Text);
        }
    }

    private static void ThrowIfNot(SmtpResponse response, int code, string command)
    {
        if (response.Code != code)
        {
            throw new MailCommandException(command, response.Code.ToString(CultureInfo.InvariantCulture), response.Text);
        }
    }

    private SmtpEngine RequireEngine()
    {
        if (_engine is null)
        {
            throw new InvalidOperationException("The client is not connected.");
        }

        return _engine;
    }

    private async Task DisconnectAsync()
    {
        var engine = _engine;
        _engine = null;
        IsAuthenticated = false;
        _extensions = new(StringComparer.OrdinalIgnoreCase);
        if (engine is not null)
        {
            await engine.Transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
