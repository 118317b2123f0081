using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Imap;

/// <summary>
/// IMAP4rev1 client (RFC 3501) with UIDPLUS (RFC 4315), MOVE (RFC 6851), LITERAL+ (RFC 7888), SASL-IR (RFC 4959)
/// and IDLE (RFC 2177). Works on UIDs throughout. Not thread-safe: one command at a time. After a connection
/// failure every call throws <see cref="MailConnectionException"/>; connect a new client.
/// </summary>
public sealed partial class ImapClient : IAsyncDisposable
{
    private ImapEngine? _engine;
    private string? _selected;

    /// <summary>The server's current capabilities (they change after STARTTLS and login).</summary>
    public IReadOnlySet<string> Capabilities => _engine?.Capabilities ?? (IReadOnlySet<string>)new HashSet<string>();

    /// <summary>Whether the client holds a usable connection.</summary>
    public bool IsConnected => _engine is { Transport.IsBroken: false };

    /// <summary>Whether the connection is encrypted.</summary>
    public bool IsEncrypted => _engine?.Transport.IsTls == true;

    /// <summary>Whether the session is authenticated.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>The selected mailbox, or null.</summary>
    public string? SelectedMailbox => _selected;

    /// <summary>Messages in the selected mailbox, kept current from the server's EXISTS and EXPUNGE responses.</summary>
    public uint SelectedCount => _engine?.Exists ?? 0;

    /// <summary>Connects, reads the greeting and, when asked to, upgrades with STARTTLS.</summary>
    /// <exception cref="MailConnectionException">The connection failed, the certificate was not trusted, the server said BYE, or it timed out.</exception>
    /// <exception cref="MailCapabilityException">STARTTLS was required but is not offered.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public async Task ConnectAsync(MailConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = await MailTransport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        await StartAsync(transport, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the session over an already open stream (e.g. a proxy tunnel or a test transcript).</summary>
    /// <exception cref="MailConnectionException">The stream broke, the server said BYE, or it timed out.</exception>
    /// <exception cref="MailCapabilityException">STARTTLS was required but is not offered.</exception>
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

        var engine = new ImapEngine(transport);
        _engine = engine;
        try
        {
            // RFC 3501 section 7.1: the greeting is OK, PREAUTH or BYE.
            var greeting = await engine.ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            if (!greeting.IsUntagged || greeting.Status is not (ImapStatus.Ok or ImapStatus.PreAuth or ImapStatus.Bye))
            {
                throw new MailProtocolException($"Unexpected IMAP greeting: \"{greeting}\"");
            }

            if (greeting.Status == ImapStatus.Bye)
            {
                throw new MailConnectionException($"The IMAP server refused the connection: {greeting.Text}");
            }

            engine.Dispatch(greeting, null);
            IsAuthenticated = greeting.Status == ImapStatus.PreAuth;
            if (!engine.HasCapability("IMAP4rev1"))
            {
                await RefreshCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            }

            if (options.Security == MailSecurity.StartTls && !IsAuthenticated)
            {
                if (!engine.HasCapability("STARTTLS"))
                {
                    throw new MailCapabilityException($"The server {options.Host} does not offer STARTTLS, which the connection options require.");
                }

                await engine.ExecuteAsync(new ImapCommand("STARTTLS"), null, cancellationToken).ConfigureAwait(false);
                await transport.StartTlsAsync(cancellationToken).ConfigureAwait(false);
                // RFC 3501 section 6.2.1: capabilities learnt before TLS are void.
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
    /// Authenticates: XOAUTH2 for OAuth credentials; AUTHENTICATE PLAIN (with SASL-IR when offered) or LOGIN for
    /// passwords (RFC 3501 sections 6.2.2 and 6.2.3).
    /// </summary>
    /// <exception cref="MailAuthenticationException">The server rejected the credentials.</exception>
    /// <exception cref="MailCapabilityException">No offered mechanism fits the credentials, or login is disabled (LOGINDISABLED).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task AuthenticateAsync(MailCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        credentials.Validate();
        var engine = RequireEngine();
        bool saslIr = engine.HasCapability("SASL-IR");
        ImapResponse done;
        switch (credentials)
        {
            case OAuth2Credentials oauth when engine.HasCapability("AUTH=XOAUTH2"):
                done = await AuthenticateSaslAsync(engine, "XOAUTH2", MailText.SaslXOAuth2(oauth), saslIr, cancellationToken).ConfigureAwait(false);
                break;
            case PasswordCredentials password when engine.HasCapability("AUTH=PLAIN"):
                done = await AuthenticateSaslAsync(engine, "PLAIN", MailText.SaslPlain(password), saslIr, cancellationToken).ConfigureAwait(false);
                break;
            case PasswordCredentials password when !engine.HasCapability("LOGINDISABLED"):
                done = await engine.ExecuteAsync(new ImapCommand("LOGIN").String(password.UserName).String(password.Password), null, cancellationToken,
                    allowFailure: true).ConfigureAwait(false);
                break;
            default:
                throw new MailCapabilityException($"The IMAP server offers no way to log in with {credentials.GetType().Name} (capabilities: {string.Join(' ', engine.Capabilities)}).");
        }

        if (done.Status != ImapStatus.Ok)
        {
            throw new MailAuthenticationException($"IMAP authentication as {credentials.UserName} failed: {done.Text}", done.ToString());
        }

        IsAuthenticated = true;
        if (done.Code != "CAPABILITY")
        {
            await RefreshCapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<ImapResponse> AuthenticateSaslAsync(ImapEngine engine, string mechanism, string initialResponse, bool saslIr, CancellationToken cancellationToken)
    {
        var command = new ImapCommand("AUTHENTICATE").Raw(mechanism);
        bool sent = saslIr;
        if (saslIr)
        {
            command.Raw(initialResponse);
        }

        // Without SASL-IR the first "+" asks for the initial response; any later one is an error challenge
        // (XOAUTH2 sends a JSON error), answered with an empty line so the server can finish with NO.
        return engine.ExecuteAsync(command, null, cancellationToken, challenge =>
        {
            if (sent)
            {
                return string.Empty;
            }

            sent = true;
            return initialResponse;
        }, allowFailure: true);
    }

    /// <summary>Asks for the capability list again.</summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task RefreshCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        await RequireEngine().ExecuteAsync(new ImapCommand("CAPABILITY"), null, cancellationToken).ConfigureAwait(false);

    /// <summary>Lists mailboxes matching a pattern ("*" all, "%" one level).</summary>
    /// <exception cref="MailCommandException">The server refused LIST.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task<IReadOnlyList<ImapMailbox>> ListAsync(string pattern = "*", CancellationToken cancellationToken = default)
    {
        MailText.RequireSingleLine(pattern, nameof(pattern));
        var result = new List<ImapMailbox>();
        await RequireEngine().ExecuteAsync(new ImapCommand("LIST").String(string.Empty).String(ImapMailboxName.Encode(pattern)), response =>
        {
            // RFC 3501 section 7.2.2: * LIST (attributes) "delimiter" name
            if (response.Values.Count >= 4 && response.Values[0].IsAtom("LIST"))
            {
                var attributes = response.Values[1].Items.Select(a => a.Text ?? string.Empty).ToList();
                string? delimiter = response.Values[2].Text;
                string name = ImapMailboxName.Decode(response.Values[3].Text ?? string.Empty);
                result.Add(new ImapMailbox(name, string.IsNullOrEmpty(delimiter) ? null : delimiter[0], attributes));
            }
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Creates a mailbox.</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. it exists).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task CreateMailboxAsync(string name, CancellationToken cancellationToken = default) =>
        await RequireEngine().ExecuteAsync(new ImapCommand("CREATE").String(MailboxArgument(name)), null, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes a mailbox.</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. it does not exist).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task DeleteMailboxAsync(string name, CancellationToken cancellationToken = default) =>
        await RequireEngine().ExecuteAsync(new ImapCommand("DELETE").String(MailboxArgument(name)), null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reads a mailbox's counters without selecting it (STATUS): whether new mail arrived (UIDNEXT) or the UIDs were
    /// reset (UIDVALIDITY). Not meant for the selected mailbox (RFC 3501 section 6.3.10); use NOOP there.
    /// </summary>
    /// <exception cref="MailCommandException">The server refused (e.g. no such mailbox).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The answer is malformed.</exception>
    public async Task<ImapMailboxCounters> StatusAsync(string name, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        await RequireEngine().ExecuteAsync(new ImapCommand("STATUS").String(MailboxArgument(name)).Raw("(MESSAGES UNSEEN UIDVALIDITY UIDNEXT)"), response =>
        {
            // * STATUS name (MESSAGES 231 UIDNEXT 44292 ...)
            if (response.Values.Count == 3 && response.Values[0].IsAtom("STATUS") && response.Values[2].Kind == ImapValueKind.List)
            {
                var items = response.Values[2].Items;
                for (int i = 0; i + 1 < items.Count; i += 2)
                {
                    values[items[i].Text ?? string.Empty] = items[i + 1].AsNumber();
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        uint Get(string key) => values.TryGetValue(key, out uint value) ? value : throw new MailProtocolException($"The STATUS answer for {name} lacks {key}.");
        return new ImapMailboxCounters(name, Get("MESSAGES"), Get("UNSEEN"), Get("UIDVALIDITY"), Get("UIDNEXT"));
    }

    /// <summary>Selects a mailbox for reading and writing (SELECT) and returns its state.</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. no such mailbox).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public Task<ImapMailboxStatus> SelectAsync(string name, CancellationToken cancellationToken = default) => OpenAsync("SELECT", name, cancellationToken);

    /// <summary>Opens a mailbox read-only (EXAMINE) and returns its state.</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. no such mailbox).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public Task<ImapMailboxStatus> ExamineAsync(string name, CancellationToken cancellationToken = default) => OpenAsync("EXAMINE", name, cancellationToken);

    private async Task<ImapMailboxStatus> OpenAsync(string verb, string name, CancellationToken cancellationToken)
    {
        var engine = RequireEngine();
        _selected = null;
        engine.Exists = engine.Recent = engine.UidValidity = engine.UidNext = 0;
        IReadOnlyList<string> flags = [];
        IReadOnlyList<string> permanent = [];
        var done = await engine.ExecuteAsync(new ImapCommand(verb).String(MailboxArgument(name)), response =>
        {
            if (response.Values.Count == 2 && response.Values[0].IsAtom("FLAGS"))
            {
                flags = response.Values[1].Items.Select(f => f.Text ?? string.Empty).ToList();
            }
            else if (response.Code == "PERMANENTFLAGS")
            {
                permanent = response.CodeArguments.Trim('(', ')').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }, cancellationToken).ConfigureAwait(false);
        _selected = name;
        return new ImapMailboxStatus(name, engine.Exists, engine.Recent, engine.UidValidity, engine.UidNext, flags, permanent,
            done.Code == "READ-ONLY" || verb == "EXAMINE");
    }

    /// <summary>
    /// Leaves the selected mailbox: UNSELECT (RFC 3691) keeps messages marked \Deleted; with
    /// <paramref name="expunge"/> CLOSE removes them (RFC 3501 section 6.4.2).
    /// </summary>
    /// <exception cref="MailCapabilityException">Closing without expunging needs UNSELECT, which the server does not offer.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task CloseMailboxAsync(bool expunge = false, CancellationToken cancellationToken = default)
    {
        var engine = RequireSelected();
        if (!expunge && !engine.HasCapability("UNSELECT"))
        {
            throw new MailCapabilityException("The IMAP server does not offer UNSELECT; close with expunge or select another mailbox.");
        }

        await engine.ExecuteAsync(new ImapCommand(expunge ? "CLOSE" : "UNSELECT"), null, cancellationToken).ConfigureAwait(false);
        _selected = null;
        engine.Exists = engine.Recent = 0;
    }

    /// <summary>Does nothing, but lets the server report changes (NOOP); returns the message count afterwards.</summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task<uint> NoopAsync(CancellationToken cancellationToken = default)
    {
        var engine = RequireEngine();
        await engine.ExecuteAsync(new ImapCommand("NOOP"), null, cancellationToken).ConfigureAwait(false);
        return engine.Exists;
    }

    /// <summary>Ends the session (LOGOUT) and closes the connection.</summary>
    /// <exception cref="MailConnectionException">The connection broke before the server answered.</exception>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        var engine = RequireEngine();
        try
        {
            await engine.ExecuteAsync(new ImapCommand("LOGOUT"), null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection without LOGOUT.</summary>
    public async ValueTask DisposeAsync() => await DisconnectAsync().ConfigureAwait(false);

    private static string MailboxArgument(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("The mailbox name is empty.", nameof(name));
        }

        MailText.RequireSingleLine(name, nameof(name));
        return ImapMailboxName.Encode(name);
    }

    private ImapEngine RequireEngine() => _engine ?? throw new InvalidOperationException("The client is not connected.");

    private ImapEngine RequireSelected()
    {
        var engine = RequireEngine();
        if (_selected is null)
        {
            throw new InvalidOperationException("No mailbox is selected.");
        }

        return engine;
    }

    private async Task DisconnectAsync()
    {
        var engine = _engine;
        _engine = null;
        _selected = null;
        IsAuthenticated = false;
        if (engine is not null)
        {
            await engine.Transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
