using System.Globalization;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Pop3;

/// <summary>A message in the maildrop: its number in this session and its size or unique id.</summary>
public sealed record Pop3MessageInfo(int Number, long Size);

/// <summary>A message's unique id (UIDL, RFC 1939 section 7), stable across sessions.</summary>
public sealed record Pop3MessageUid(int Number, string Uid);

/// <summary>
/// POP3 client (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595) and SASL PLAIN/XOAUTH2 (RFC 5034). Messages are
/// streamed with dot-unstuffing. Deletions take effect only at QUIT. Not thread-safe: one command at a time.
/// </summary>
public sealed class Pop3Client : IAsyncDisposable
{
    private Pop3Engine? _engine;
    private HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<string> _sasl = new(StringComparer.OrdinalIgnoreCase);
    private bool _capaSupported;

    /// <summary>Capabilities from CAPA (empty when the server does not support CAPA).</summary>
    public IReadOnlySet<string> Capabilities => _capabilities;

    /// <summary>Whether the client holds a usable connection.</summary>
    public bool IsConnected => _engine is { Transport.IsBroken: false };

    /// <summary>Whether the connection is encrypted.</summary>
    public bool IsEncrypted => _engine?.Transport.IsTls == true;

    /// <summary>Whether the session is authenticated (TRANSACTION state).</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>Connects, reads the greeting, asks for CAPA and, when asked to, upgrades with STLS.</summary>
    /// <exception cref="MailConnectionException">The connection failed, the certificate was not trusted, or it timed out.</exception>
    /// <exception cref="MailCommandException">The server refused the session (-ERR greeting).</exception>
    /// <exception cref="MailCapabilityException">STLS was required but is not offered.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public async Task ConnectAsync(MailConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = await MailTransport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        await StartAsync(transport, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the session over an already open stream (e.g. a proxy tunnel or a test transcript).</summary>
    /// <exception cref="MailConnectionException">The stream broke or timed out.</exception>
    /// <exception cref="MailCommandException">The server refused the session.</exception>
    /// <exception cref="MailCapabilityException">STLS was required but is not offered.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public Task ConnectAsync(Stream stream, MailConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartAsync(MailTransport.FromStream(stream, options.Host, options.Timeout, options.ExtraTrustedCa), options, cancellationToken);
    }

    private async Task StartAsync(MailTransport transport, MailConnectionOptions options, CancellationToken cancellationToken)
    {
        if (_engine is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The client is already connected.");
        }

        var engine = new Pop3Engine(transport);
        _engine = engine;
        try
        {
            var greeting = await engine.ReadStatusAsync(cancellationToken).ConfigureAwait(false);
            if (!greeting.Ok)
            {
                throw new MailCommandException("connection", "-ERR", greeting.Text);
            }

            await RefreshCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            if (options.Security == MailSecurity.StartTls)
            {
                if (!_capabilities.Contains("STLS"))
                {
                    throw new MailCapabilityException($"The server {options.Host} does not offer STLS, which the connection options require.");
                }

                await engine.CommandAsync("STLS", "STLS", cancellationToken).ConfigureAwait(false);
                await transport.StartTlsAsync(cancellationToken).ConfigureAwait(false);
                // RFC 2595 section 4: capabilities may differ after TLS.
                await RefreshCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DisconnectAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Authenticates: SASL XOAUTH2 for OAuth credentials; SASL PLAIN where offered, else USER/PASS, for passwords.
    /// </summary>
    /// <exception cref="MailAuthenticationException">The server rejected the credentials.</exception>
    /// <exception cref="MailCapabilityException">No offered mechanism fits the credentials.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task AuthenticateAsync(MailCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        credentials.Validate();
        var engine = RequireEngine();
        Pop3Response response;
        switch (credentials)
        {
            case OAuth2Credentials oauth when _sasl.Contains("XOAUTH2"):
                response = await SaslAsync(engine, "XOAUTH2", MailText.SaslXOAuth2(oauth), cancellationToken).ConfigureAwait(false);
                break;
            case PasswordCredentials password when _sasl.Contains("PLAIN"):
                response = await SaslAsync(engine, "PLAIN", MailText.SaslPlain(password), cancellationToken).ConfigureAwait(false);
                break;
            case PasswordCredentials password when !_capaSupported || _capabilities.Contains("USER"):
                MailText.RequireSingleLine(password.Password, nameof(password.Password));
                response = await engine.CommandAsync("USER " + password.UserName, "USER", cancellationToken, allowError: true).ConfigureAwait(false);
                if (response.Ok)
                {
                    response = await engine.CommandAsync("PASS " + password.Password, "PASS", cancellationToken, allowError: true).ConfigureAwait(false);
                }

                break;
            default:
                throw new MailCapabilityException($"The POP3 server offers no way to log in with {credentials.GetType().Name}.");
        }

        if (!response.Ok)
        {
            throw new MailAuthenticationException($"POP3 authentication as {credentials.UserName} failed: {response.Text}", response.Text);
        }

        IsAuthenticated = true;
    }

    private static async Task<Pop3Response> SaslAsync(Pop3Engine engine, string mechanism, string initialResponse, CancellationToken cancellationToken)
    {
        // RFC 5034 section 4: AUTH mechanism initial-response; a "+" challenge after it is an error report, answered with "*"
        // to cancel the exchange.
        var response = await engine.CommandAsync($"AUTH {mechanism} {initialResponse}", "AUTH", cancellationToken, allowError: true).ConfigureAwait(false);
        if (response.Continuation)
        {
            response = await engine.CommandAsync("*", "AUTH", cancellationToken, allowError: true).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Asks for the capability list (CAPA); a server without CAPA leaves it empty.</summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task RefreshCapabilitiesAsync(CancellationToken cancellationToken = default)
    {
        var engine = RequireEngine();
        var response = await engine.CommandAsync("CAPA", "CAPA", cancellationToken, allowError: true).ConfigureAwait(false);
        var capabilities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sasl = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        _capaSupported = response.Ok;
        if (response.Ok)
        {
            foreach (var line in await engine.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                {
                    continue;
                }

                capabilities.Add(words[0]);
                if (string.Equals(words[0], "SASL", StringComparison.OrdinalIgnoreCase))
                {
                    sasl.UnionWith(words.Skip(1));
                }
            }
        }

        _capabilities = capabilities;
        _sasl = sasl;
    }

    /// <summary>Number of messages and their total size (STAT).</summary>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The answer is malformed.</exception>
    public async Task<(int Count, long Size)> StatAsync(CancellationToken cancellationToken = default)
    {
        var response = await RequireEngine().CommandAsync("STAT", "STAT", cancellationToken).ConfigureAwait(false);
        var words = response.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 2 ? (ParseInt(words[0]), ParseLong(words[1])) : throw Malformed("STAT", response.Text);
    }

    /// <summary>Every message's number and size (LIST).</summary>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The answer is malformed.</exception>
    public async Task<IReadOnlyList<Pop3MessageInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var engine = RequireEngine();
        await engine.CommandAsync("LIST", "LIST", cancellationToken).ConfigureAwait(false);
        return [.. (await engine.ReadLinesAsync(cancellationToken).ConfigureAwait(false)).Select(line =>
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length >= 2 ? new Pop3MessageInfo(ParseInt(words[0]), ParseLong(words[1])) : throw Malformed("LIST", line);
        })];
    }

    /// <summary>Every message's unique id (UIDL).</summary>
    /// <exception cref="MailCommandException">The server refused (UIDL is optional).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The answer is malformed.</exception>
    public async Task<IReadOnlyList<Pop3MessageUid>> UidlAsync(CancellationToken cancellationToken = default)
    {
        var engine = RequireEngine();
        await engine.CommandAsync("UIDL", "UIDL", cancellationToken).ConfigureAwait(false);
        return [.. (await engine.ReadLinesAsync(cancellationToken).ConfigureAwait(false)).Select(line =>
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length >= 2 ? new Pop3MessageUid(ParseInt(words[0]), words[1]) : throw Malformed("UIDL", line);
        })];
    }

    /// <summary>Streams a message (RETR) into <paramref name="destination"/>, dot-unstuffed, CRLF line ends; returns its byte count.</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. no such message).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out mid-message.</exception>
    public async Task<long> RetrieveAsync(int number, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var engine = RequireEngine();
        await engine.CommandAsync("RETR " + Number(number), "RETR", cancellationToken).ConfigureAwait(false);
        return await engine.ReadMultilineAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a message (RETR) into memory.</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. no such message).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out mid-message.</exception>
    public async Task<byte[]> RetrieveAsync(int number, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await RetrieveAsync(number, buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Reads a message's header and its first <paramref name="bodyLines"/> body lines (TOP).</summary>
    /// <exception cref="MailCommandException">The server refused (TOP is optional).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task<byte[]> TopAsync(int number, int bodyLines, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyLines);
        var engine = RequireEngine();
        await engine.CommandAsync($"TOP {Number(number)} {bodyLines.ToString(CultureInfo.InvariantCulture)}", "TOP", cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await engine.ReadMultilineAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Marks a message for deletion (DELE); it is removed at QUIT.</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. already deleted).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task DeleteAsync(int number, CancellationToken cancellationToken = default) =>
        await RequireEngine().CommandAsync("DELE " + Number(number), "DELE", cancellationToken).ConfigureAwait(false);

    /// <summary>Unmarks every message marked for deletion (RSET).</summary>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task ResetAsync(CancellationToken cancellationToken = default) =>
        await RequireEngine().CommandAsync("RSET", "RSET", cancellationToken).ConfigureAwait(false);

    /// <summary>Keeps the session alive (NOOP).</summary>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task NoopAsync(CancellationToken cancellationToken = default) =>
        await RequireEngine().CommandAsync("NOOP", "NOOP", cancellationToken).ConfigureAwait(false);

    /// <summary>Ends the session (QUIT), which commits deletions (RFC 1939 section 6), and closes the connection.</summary>
    /// <exception cref="MailCommandException">The server could not remove the messages marked for deletion.</exception>
    /// <exception cref="MailConnectionException">The connection broke before the server answered; deletions may not have happened.</exception>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        var engine = RequireEngine();
        try
        {
            await engine.CommandAsync("QUIT", "QUIT", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection without QUIT: messages marked for deletion stay.</summary>
    public async ValueTask DisposeAsync() => await DisconnectAsync().ConfigureAwait(false);

    private static string Number(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return number.ToString(CultureInfo.InvariantCulture);
    }

    private int ParseInt(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : throw Malformed("a listing", text);

    private long ParseLong(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : throw Malformed("a listing", text);

    private MailProtocolException Malformed(string what, string text)
    {
        _engine?.Transport.Break("malformed response");
        return new MailProtocolException($"Malformed POP3 answer to {what}: \"{text}\"");
    }

    private Pop3Engine RequireEngine() => _engine ?? throw new InvalidOperationException("The client is not connected.");

    private async Task DisconnectAsync()
    {
        var engine = _engine;
        _engine = null;
        IsAuthenticated = false;
        if (engine is not null)
        {
            await engine.Transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
