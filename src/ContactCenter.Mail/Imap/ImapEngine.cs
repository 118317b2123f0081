using System.Globalization;
using System.Text;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Imap;

/// <summary>
/// The IMAP protocol engine: tags commands, sends them with their literals, reads responses (lines and literals),
/// keeps the capability list and the selected mailbox's counters current from untagged data, and hands the rest
/// to the running command. RFC 3501 sections 2.2 and 7.
/// </summary>
internal sealed class ImapEngine
{
    // A response line without its literals; large enough for long flag lists and UID sets.
    private const int MaxLineLength = 8 * 1024 * 1024;
    private const int MaxLiteralLength = 1024 * 1024 * 1024;
    private int _tagCounter;
    private string? _byeText;

    public ImapEngine(MailTransport transport) => Transport = transport;

    public MailTransport Transport { get; }

    public HashSet<string> Capabilities { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counters of the selected mailbox, kept current from EXISTS/EXPUNGE/RECENT (RFC 3501 section 7.3 and 7.4).</summary>
    public uint Exists { get; set; }

    public uint Recent { get; set; }

    public uint UidValidity { get; set; }

    public uint UidNext { get; set; }

    public bool HasCapability(string name) => Capabilities.Contains(name);

    /// <summary>Reads one complete response, literals included.</summary>
    /// <exception cref="MailConnectionException">The connection closed, broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The response is malformed.</exception>
    public async Task<ImapResponse> ReadResponseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lines = new List<byte[]>(1);
            var literals = new List<byte[]?>(1);
            while (true)
            {
                var line = await Transport.ReadLineAsync(MaxLineLength, cancellationToken).ConfigureAwait(false);
                byte[] copy = line.ToArray();
                lines.Add(copy);
                int length = LiteralLength(copy);
                if (length < 0)
                {
                    literals.Add(null);
                    break;
                }

                var literal = new byte[length];
                await Transport.ReadExactAsync(literal, cancellationToken).ConfigureAwait(false);
                literals.Add(literal);
            }

            var response = ImapResponseParser.Parse(lines, literals);
            if (response.IsUntagged && response.Status == ImapStatus.Bye)
            {
                // RFC 3501 section 7.1.5: the server is closing the connection.
                _byeText = response.Text;
            }

            return response;
        }
        catch (MailConnectionException e) when (_byeText is not null)
        {
            throw new MailConnectionException($"The IMAP server ended the session: {_byeText}", e);
        }
        catch (MailProtocolException)
        {
            Transport.Break("malformed response");
            throw;
        }
    }

    /// <summary>
    /// Sends a command and reads responses up to its tagged completion. Untagged data goes to
    /// <paramref name="onUntagged"/> after the engine has taken what it tracks itself; continuation requests go to
    /// <paramref name="onContinuation"/> (SASL), whose answer is sent as one line.
    /// </summary>
    /// <exception cref="MailCommandException">The server answered NO or BAD (unless <paramref name="allowFailure"/>).</exception>
    /// <exception cref="MailConnectionException">The connection closed, broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public async Task<ImapResponse> ExecuteAsync(ImapCommand command, Action<ImapResponse>? onUntagged, CancellationToken cancellationToken,
        Func<string, string>? onContinuation = null, bool allowFailure = false)
    {
        string tag = NextTag();
        bool literalPlus = HasCapability("LITERAL+");
        await Transport.WriteAsync(Encoding.ASCII.GetBytes(tag + " "), cancellationToken).ConfigureAwait(false);
        ImapResponse? early = null;
        foreach (var part in command.Parts)
        {
            if (part is string text)
            {
                await Transport.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var literal = (byte[])part;
            string marker = "{" + literal.Length.ToString(CultureInfo.InvariantCulture) + (literalPlus ? "+}\r\n" : "}\r\n");
            await Transport.WriteAsync(Encoding.ASCII.GetBytes(marker), cancellationToken).ConfigureAwait(false);
            if (!literalPlus)
            {
                // RFC 3501 section 7.5: wait for "+" before sending a synchronising literal; a tagged answer ends the command.
                await Transport.FlushAsync(cancellationToken).ConfigureAwait(false);
                early = await WaitForContinuationAsync(tag, onUntagged, cancellationToken).ConfigureAwait(false);
                if (early is not null)
                {
                    break;
                }
            }

            await Transport.WriteAsync(literal, cancellationToken).ConfigureAwait(false);
        }

        if (early is null)
        {
            await Transport.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await Transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var done = early ?? await ReadUntilTaggedAsync(tag, onUntagged, onContinuation, cancellationToken).ConfigureAwait(false);
        if (done.Code == "CAPABILITY")
        {
            SetCapabilities(done.CodeArguments);
        }

        if (done.Status != ImapStatus.Ok && !allowFailure)
        {
            throw new MailCommandException(command.Name, done.Status.ToString().ToUpperInvariant(), done.Text);
        }

        return done;
    }

    /// <summary>
    /// IDLE (RFC 2177): waits until the server reports a change to the selected mailbox (EXISTS, EXPUNGE, FETCH) or
    /// <paramref name="done"/> fires, then sends DONE and reads the completion. Returns whether a change was reported.
    /// </summary>
    /// <exception cref="MailCommandException">The server refused IDLE.</exception>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    public async Task<bool> IdleAsync(CancellationToken done, CancellationToken cancellationToken)
    {
        string tag = NextTag();
        await Transport.WriteAsync(Encoding.ASCII.GetBytes(tag + " IDLE\r\n"), cancellationToken).ConfigureAwait(false);
        await Transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        var response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        while (!response.IsContinuation)
        {
            if (response.Tag == tag)
            {
                throw new MailCommandException("IDLE", response.Status.ToString().ToUpperInvariant(), response.Text);
            }

            Dispatch(response, null);
            response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        }

        bool changed = false;
        int doneSent = 0;
        Task sending = Task.CompletedTask;
        void SendDone()
        {
            // Once only, from whichever comes first: the caller's signal or a reported change. The read loop below
            // keeps reading meanwhile, which a socket (and SslStream) allows alongside one writer.
            if (Interlocked.Exchange(ref doneSent, 1) == 0)
            {
                Transport.TimeoutSuspended = false;
                sending = SendDoneAsync(cancellationToken);
            }
        }

        Transport.TimeoutSuspended = true;
        try
        {
            using (done.Register(SendDone))
            {
                while (true)
                {
                    response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
                    if (response.Tag == tag)
                    {
                        await sending.ConfigureAwait(false);
                        if (response.Status != ImapStatus.Ok)
                        {
                            throw new MailCommandException("IDLE", response.Status.ToString().ToUpperInvariant(), response.Text);
                        }

                        return changed;
                    }

                    Dispatch(response, null);
                    if (response.IsUntagged && response.Values.Count >= 2
                        && (response.Values[1].IsAtom("EXISTS") || response.Values[1].IsAtom("EXPUNGE") || response.Values[1].IsAtom("FETCH")))
                    {
                        changed = true;
                        SendDone();
                    }
                }
            }
        }
        finally
        {
            Transport.TimeoutSuspended = false;
        }
    }

    private async Task SendDoneAsync(CancellationToken cancellationToken)
    {
        await Transport.WriteAsync("DONE\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await Transport.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private string NextTag() => "A" + (++_tagCounter).ToString("D4", CultureInfo.InvariantCulture);

    public void SetCapabilities(string list) =>
        Capabilities = new HashSet<string>(list.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

    private async Task<ImapResponse?> WaitForContinuationAsync(string tag, Action<ImapResponse>? onUntagged, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsContinuation)
            {
                return null;
            }

            if (response.Tag == tag)
            {
                return response;
            }

            Dispatch(response, onUntagged);
        }
    }

    private async Task<ImapResponse> ReadUntilTaggedAsync(string tag, Action<ImapResponse>? onUntagged, Func<string, string>? onContinuation, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
            if (response.Tag == tag)
            {
                return response;
            }

            if (response.IsContinuation)
            {
                if (onContinuation is null)
                {
                    Transport.Break("unexpected continuation");
                    throw new MailProtocolException($"The server asked for more data where none was expected: \"+ {response.Text}\"");
                }

                await Transport.WriteAsync(Encoding.UTF8.GetBytes(onContinuation(response.Text) + "\r\n"), cancellationToken).ConfigureAwait(false);
                await Transport.FlushAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsUntagged)
            {
                Transport.Break("unknown tag");
                throw new MailProtocolException($"The server answered a command that was not sent: \"{response}\"");
            }

            Dispatch(response, onUntagged);
        }
    }

    /// <summary>Takes what the engine tracks from untagged responses, then passes them on.</summary>
    public void Dispatch(ImapResponse response, Action<ImapResponse>? onUntagged)
    {
        try
        {
            Track(response);
            onUntagged?.Invoke(response);
        }
        catch (MailProtocolException)
        {
            // The rest of the command's responses stay unread: the session cannot go on.
            Transport.Break("malformed response");
            throw;
        }
    }

    private void Track(ImapResponse response)
    {
        if (response.Status != ImapStatus.None)
        {
            switch (response.Code)
            {
                case "CAPABILITY":
                    SetCapabilities(response.CodeArguments);
                    break;
                case "UIDVALIDITY" when uint.TryParse(response.CodeArguments, NumberStyles.None, CultureInfo.InvariantCulture, out uint validity):
                    UidValidity = validity;
                    break;
                case "UIDNEXT" when uint.TryParse(response.CodeArguments, NumberStyles.None, CultureInfo.InvariantCulture, out uint next):
                    UidNext = next;
                    break;
            }
        }
        else if (response.Values.Count >= 2 && response.Values[0].Kind == ImapValueKind.Atom)
        {
            var first = response.Values[0];
            var second = response.Values[1];
            if (first.IsAtom("CAPABILITY"))
            {
                SetCapabilities(string.Join(' ', response.Values.Skip(1).Select(v => v.Text)));
            }
            else if (second.IsAtom("EXISTS"))
            {
                Exists = first.AsNumber();
            }
            else if (second.IsAtom("RECENT"))
            {
                Recent = first.AsNumber();
            }
            else if (second.IsAtom("EXPUNGE") && Exists > 0)
            {
                Exists--;
            }
        }
        else if (response.Values.Count == 1 && response.Values[0].IsAtom("CAPABILITY"))
        {
            SetCapabilities(string.Empty);
        }
    }

    /// <summary>The n of a line ending in "{n}" or "{n+}", or -1.</summary>
    private int LiteralLength(byte[] line)
    {
        if (line.Length < 3 || line[^1] != (byte)'}')
        {
            return -1;
        }

        int open = Array.LastIndexOf(line, (byte)'{');
        if (open < 0)
        {
            return -1;
        }

        var digits = line.AsSpan(open + 1, line.Length - open - 2);
        if (digits.Length > 0 && digits[^1] == (byte)'+')
        {
            digits = digits[..^1];
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            return -1;
        }

        if (length > MaxLiteralLength)
        {
            Transport.Break("literal too large");
            throw new MailProtocolException($"The server announced a literal of {length} bytes, more than the {MaxLiteralLength} allowed.");
        }

        return (int)length;
    }
}
