using System.Globalization;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Imap;

/// <summary>Message commands of the IMAP client: search, fetch, flags, copy/move, expunge, append, idle.</summary>
public sealed partial class ImapClient
{
    /// <summary>
    /// Searches the selected mailbox (UID SEARCH) with raw search keys, e.g. "ALL", "UNSEEN", "UID 100:*",
    /// "SINCE 1-Jan-2026". Returns UIDs in ascending order.
    /// </summary>
    /// <exception cref="ArgumentException">The criteria hold CR, LF, NUL or non-ASCII characters.</exception>
    /// <exception cref="MailCommandException">The server refused the search.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public Task<IReadOnlyList<uint>> UidSearchAsync(string criteria, CancellationToken cancellationToken = default)
    {
        MailText.RequireSingleLine(criteria, nameof(criteria));
        if (!MailText.IsAscii(criteria) || criteria.Length == 0)
        {
            throw new ArgumentException("Search criteria must be non-empty ASCII; use UidSearchHeaderAsync for other text.", nameof(criteria));
        }

        return SearchAsync(new ImapCommand("UID SEARCH").Raw(criteria), cancellationToken);
    }

    /// <summary>Finds messages whose header field contains a value (e.g. a Message-ID), any text allowed.</summary>
    /// <exception cref="MailCommandException">The server refused the search.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public Task<IReadOnlyList<uint>> UidSearchHeaderAsync(string field, string value, CancellationToken cancellationToken = default)
    {
        MailText.RequireSingleLine(field, nameof(field));
        ArgumentNullException.ThrowIfNull(value);
        var command = new ImapCommand("UID SEARCH");
        if (!MailText.IsAscii(value))
        {
            // RFC 3501 section 6.4.4: non-ASCII search text needs a CHARSET.
            command.Raw("CHARSET UTF-8");
        }

        return SearchAsync(command.Raw("HEADER").String(field).String(value), cancellationToken);
    }

    private async Task<IReadOnlyList<uint>> SearchAsync(ImapCommand command, CancellationToken cancellationToken)
    {
        var uids = new List<uint>();
        await RequireSelected().ExecuteAsync(command, response =>
        {
            if (response.Values.Count >= 1 && response.Values[0].IsAtom("SEARCH"))
            {
                uids.AddRange(response.Values.Skip(1).Select(v => v.AsNumber()));
            }
        }, cancellationToken).ConfigureAwait(false);
        uids.Sort();
        return uids;
    }

    /// <summary>
    /// Fetches many messages in one UID FETCH command (RFC 3501 section 6.4.8); the body is fetched with BODY.PEEK[]
    /// and so does not set \Seen. Results come in ascending UID order; UIDs that no longer exist are left out. If
    /// the connection breaks the call throws and returns nothing of the partial answer.
    /// </summary>
    /// <exception cref="MailCommandException">The server refused the fetch.</exception>
    /// <exception cref="MailConnectionException">The connection broke, the server said BYE, or it timed out.</exception>
    /// <exception cref="MailProtocolException">The server broke the protocol.</exception>
    public async Task<IReadOnlyList<ImapFetchedMessage>> UidFetchAsync(IEnumerable<uint> uids, ImapFetchItems items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var wanted = uids.ToHashSet();
        var parts = new List<string> { "UID" };
        if (items.HasFlag(ImapFetchItems.Flags))
        {
            parts.Add("FLAGS");
        }

        if (items.HasFlag(ImapFetchItems.InternalDate))
        {
            parts.Add("INTERNALDATE");
        }

        if (items.HasFlag(ImapFetchItems.Size))
        {
            parts.Add("RFC822.SIZE");
        }

        if (items.HasFlag(ImapFetchItems.Body))
        {
            parts.Add("BODY.PEEK[]");
        }

        var results = new Dictionary<uint, ImapFetchedMessage>();
        var command = new ImapCommand("UID FETCH").Raw(ImapUidSet.Format(wanted)).Raw("(" + string.Join(' ', parts) + ")");
        await RequireSelected().ExecuteAsync(command, response =>
        {
            // Unsolicited FETCH responses (flag changes by other sessions) carry no UID or one we did not ask for.
            if (ImapFetchParser.TryParse(response, out var message) && wanted.Contains(message.Uid))
            {
                results[message.Uid] = results.TryGetValue(message.Uid, out var earlier) ? ImapFetchParser.Merge(earlier, message) : message;
            }
        }, cancellationToken).ConfigureAwait(false);
        return [.. results.Values.OrderBy(m => m.Uid)];
    }

    /// <summary>Adds, removes or replaces flags (UID STORE ... FLAGS.SILENT), e.g. "\\Seen", "\\Deleted", "$Label".</summary>
    /// <exception cref="ArgumentException">A flag is not a valid atom.</exception>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task UidStoreFlagsAsync(IEnumerable<uint> uids, ImapStoreAction action, IEnumerable<string> flags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var list = flags.ToList();
        foreach (var flag in list)
        {
            if (flag.Length == 0 || flag.Any(c => c <= ' ' || c >= 0x7F || c is '(' or ')' or '{' or '"' or '%' or '*' or ']') || flag.LastIndexOf('\\') > 0)
            {
                throw new ArgumentException($"\"{flag}\" is not a valid IMAP flag.", nameof(flags));
            }
        }

        string verb = action switch
        {
            ImapStoreAction.Add => "+FLAGS.SILENT",
            ImapStoreAction.Remove => "-FLAGS.SILENT",
            _ => "FLAGS.SILENT",
        };
        var command = new ImapCommand("UID STORE").Raw(ImapUidSet.Format(uids)).Raw(verb).Raw("(" + string.Join(' ', list) + ")");
        await RequireSelected().ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies messages to another mailbox (UID COPY); returns where they landed when the server says (UIDPLUS).</summary>
    /// <exception cref="MailCommandException">The server refused (e.g. no such mailbox: [TRYCREATE]).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task<ImapCopyResult?> UidCopyAsync(IEnumerable<uint> uids, string destination, CancellationToken cancellationToken = default)
    {
        var done = await RequireSelected().ExecuteAsync(new ImapCommand("UID COPY").Raw(ImapUidSet.Format(uids)).String(MailboxArgument(destination)), null, cancellationToken)
            .ConfigureAwait(false);
        return ParseCopyUid(done.Code, done.CodeArguments);
    }

    /// <summary>
    /// Moves messages to another mailbox: UID MOVE (RFC 6851) where offered, else UID COPY, STORE \Deleted and
    /// UID EXPUNGE of exactly these UIDs (RFC 4315), never a plain EXPUNGE that would remove others' deleted mail.
    /// </summary>
    /// <exception cref="MailCapabilityException">The server offers neither MOVE nor UIDPLUS.</exception>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task<ImapCopyResult?> UidMoveAsync(IEnumerable<uint> uids, string destination, CancellationToken cancellationToken = default)
    {
        var engine = RequireSelected();
        var list = uids.ToList();
        if (engine.HasCapability("MOVE"))
        {
            ImapCopyResult? copied = null;
            var done = await engine.ExecuteAsync(new ImapCommand("UID MOVE").Raw(ImapUidSet.Format(list)).String(MailboxArgument(destination)), response =>
            {
                // RFC 6851 section 4.3: COPYUID arrives in an untagged OK before the EXPUNGEs.
                copied ??= ParseCopyUid(response.Code, response.CodeArguments);
            }, cancellationToken).ConfigureAwait(false);
            return copied ?? ParseCopyUid(done.Code, done.CodeArguments);
        }

        if (!engine.HasCapability("UIDPLUS"))
        {
            throw new MailCapabilityException("The IMAP server offers neither MOVE nor UIDPLUS, so messages cannot be moved without touching others.");
        }

        var result = await UidCopyAsync(list, destination, cancellationToken).ConfigureAwait(false);
        await UidStoreFlagsAsync(list, ImapStoreAction.Add, ["\\Deleted"], cancellationToken).ConfigureAwait(false);
        await UidExpungeAsync(list, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Removes exactly these messages if they carry \Deleted (UID EXPUNGE, RFC 4315 section 2.1).</summary>
    /// <exception cref="MailCapabilityException">The server does not offer UIDPLUS.</exception>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task UidExpungeAsync(IEnumerable<uint> uids, CancellationToken cancellationToken = default)
    {
        var engine = RequireSelected();
        if (!engine.HasCapability("UIDPLUS"))
        {
            throw new MailCapabilityException("The IMAP server does not offer UIDPLUS (UID EXPUNGE).");
        }

        await engine.ExecuteAsync(new ImapCommand("UID EXPUNGE").Raw(ImapUidSet.Format(uids)), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every message of the selected mailbox that carries \Deleted (EXPUNGE).</summary>
    /// <exception cref="MailCommandException">The server refused.</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task ExpungeAsync(CancellationToken cancellationToken = default) =>
        await RequireSelected().ExecuteAsync(new ImapCommand("EXPUNGE"), null, cancellationToken).ConfigureAwait(false);

    /// <summary>Stores a message in a mailbox (APPEND, RFC 3501 section 6.3.11); returns its UID when the server says (UIDPLUS).</summary>
    /// <exception cref="ArgumentException">A flag is invalid or the message is empty.</exception>
    /// <exception cref="MailCommandException">The server refused (e.g. no such mailbox: [TRYCREATE]).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async Task<ImapAppendResult?> AppendAsync(string mailbox, byte[] message, IEnumerable<string>? flags = null, DateTimeOffset? internalDate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length == 0)
        {
            throw new ArgumentException("The message is empty.", nameof(message));
        }

        var command = new ImapCommand("APPEND").String(MailboxArgument(mailbox));
        var flagList = flags?.ToList() ?? [];
        if (flagList.Any(f => f.Length == 0 || f.Any(c => c <= ' ' || c >= 0x7F || c is '(' or ')' or '"')))
        {
            throw new ArgumentException("A flag is not a valid IMAP flag.", nameof(flags));
        }

        if (flagList.Count > 0)
        {
            command.Raw("(" + string.Join(' ', flagList) + ")");
        }

        if (internalDate is { } date)
        {
            command.Raw("\"" + ImapFetchParser.FormatDate(date) + "\"");
        }

        command.Literal(message);
        var done = await RequireEngine().ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
        if (done.Code == "APPENDUID")
        {
            var args = done.CodeArguments.Split(' ');
            if (args.Length == 2 && uint.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint validity)
                && uint.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid))
            {
                return new ImapAppendResult(validity, uid);
            }
        }

        return null;
    }

    /// <summary>
    /// Waits for news in the selected mailbox with IDLE (RFC 2177): returns true as soon as the server reports new,
    /// removed or changed messages, false when <paramref name="done"/> fires first. Servers end IDLE after about 30
    /// minutes, so callers should not wait longer than 29 minutes before idling again.
    /// </summary>
    /// <exception cref="MailCapabilityException">The server does not offer IDLE.</exception>
    /// <exception cref="MailCommandException">The server refused IDLE.</exception>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    public Task<bool> IdleAsync(CancellationToken done, CancellationToken cancellationToken = default)
    {
        var engine = RequireSelected();
        if (!engine.HasCapability("IDLE"))
        {
            throw new MailCapabilityException("The IMAP server does not offer IDLE; poll with NOOP instead.");
        }

        return engine.IdleAsync(done, cancellationToken);
    }

    private static ImapCopyResult? ParseCopyUid(string? code, string arguments)
    {
        if (code != "COPYUID")
        {
            return null;
        }

        var args = arguments.Split(' ');
        if (args.Length != 3 || !uint.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint validity))
        {
            throw new MailProtocolException($"Malformed COPYUID response code: \"{arguments}\"");
        }

        return new ImapCopyResult(validity, ImapUidSet.Parse(args[1]), ImapUidSet.Parse(args[2]));
    }
}
