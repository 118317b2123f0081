namespace ContactCenter.Mail.Connections;

/// <summary>Which protocol an inbound account speaks.</summary>
public enum InboxProtocol
{
    /// <summary>IMAP4rev1 (RFC 3501): folders, flags, UIDs with a UIDVALIDITY.</summary>
    Imap,

    /// <summary>POP3 (RFC 1939): one maildrop, UIDL ids, deletion on QUIT.</summary>
    Pop3,
}

/// <summary>One message as the server holds it: its id, its raw bytes and what the server says about it.</summary>
/// <param name="Uid">The IMAP UID (decimal, valid with <see cref="MailInbox.UidValidity"/>) or the POP3 UIDL id.</param>
/// <param name="Raw">The message exactly as the server sent it.</param>
/// <param name="Seen">IMAP's \Seen flag; always false on POP3.</param>
/// <param name="InternalDate">IMAP's INTERNALDATE (when the server received it); null on POP3.</param>
public sealed record InboxMessage(string Uid, byte[] Raw, bool Seen, DateTimeOffset? InternalDate);

/// <summary>
/// The one seam between the product and MailKit's IMAP and POP3 clients: an open, signed-in mailbox from which a
/// fetch cycle lists ids, fetches a batch of raw messages and then flags, moves or deletes them. Messages are named
/// by stable ids (IMAP UIDs, POP3 UIDL), never by sequence numbers.
/// </summary>
public abstract class MailInbox : IAsyncDisposable
{
    /// <summary>The folder that is open ("INBOX" on POP3).</summary>
    public abstract string Folder { get; }

    /// <summary>How many messages the folder held when it was opened.</summary>
    public abstract int Count { get; }

    /// <summary>IMAP's UIDVALIDITY of the folder: when it changes, every UID seen before is void. Null on POP3.</summary>
    public abstract uint? UidValidity { get; }

    /// <summary>The total size in bytes POP3's STAT reported; null on IMAP.</summary>
    public abstract long? TotalSize { get; }

    /// <summary>True when <see cref="MarkSeenAsync"/> and <see cref="MoveAsync"/> are possible (IMAP).</summary>
    public abstract bool SupportsFlagsAndFolders { get; }

    /// <summary>Connects, signs in and opens <paramref name="folder"/> (IMAP; null means INBOX) or the POP3 maildrop.</summary>
    /// <param name="protocol">IMAP or POP3.</param>
    /// <param name="endpoint">The account's server and credentials; a user name is required.</param>
    /// <param name="folder">The IMAP folder to open; ignored for POP3.</param>
    /// <param name="readOnly">Open the IMAP folder with EXAMINE: nothing can be changed (a connection test).</param>
    /// <param name="settings">Trust, timeout, address policy and protocol log.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <exception cref="ArgumentException">The endpoint names no user.</exception>
    /// <exception cref="MailAddressRefusedException">The address policy refused every address of the host.</exception>
    /// <exception cref="MailConnectionException">The server cannot be reached, or the connection broke.</exception>
    /// <exception cref="MailCertificateException">The server's certificate is not trusted.</exception>
    /// <exception cref="MailAuthenticationException">The server refused the credentials.</exception>
    /// <exception cref="MailCommandException">The server refused a command (e.g. the folder does not exist).</exception>
    public static async Task<MailInbox> OpenAsync(InboxProtocol protocol, MailEndpoint endpoint, string? folder, bool readOnly, MailConnectionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(settings);
        if (endpoint.UserName is not { Length: > 0 })
        {
            throw new ArgumentException("An inbound account needs a user name.", nameof(endpoint));
        }

        return protocol == InboxProtocol.Imap
            ? await ImapInbox.OpenAsync(endpoint, folder ?? "INBOX", readOnly, settings, cancellationToken).ConfigureAwait(false)
            : await Pop3Inbox.OpenAsync(endpoint, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ids of every message in the folder, oldest first.</summary>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the command.</exception>
    public abstract Task<IReadOnlyList<string>> ListUidsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The ids of the messages that do not carry <paramref name="keyword"/>, oldest first (IMAP <c>SEARCH UNKEYWORD</c>,
    /// RFC 3501 section 6.4.4): what a fetch cycle that flags what it imported has still to take. POP3 has no keywords:
    /// every message.
    /// </summary>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the command.</exception>
    public abstract Task<IReadOnlyList<string>> ListUidsWithoutKeywordAsync(string keyword, CancellationToken cancellationToken);

    /// <summary>True when the open folder keeps keywords of our own (IMAP PERMANENTFLAGS with <c>\*</c>, or the keyword listed).</summary>
    public abstract bool SupportsKeyword(string keyword);

    /// <summary>Sets a keyword (an IMAP flag of our own, e.g. <c>$ContactCenter</c>) on messages.</summary>
    /// <exception cref="MailOperationNotSupportedException">POP3 has no flags, or the folder keeps no keywords.</exception>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the command.</exception>
    public abstract Task AddKeywordAsync(IReadOnlyList<string> uids, string keyword, CancellationToken cancellationToken);

    /// <summary>Fetches the raw messages with the given ids in as few round trips as the protocol allows.</summary>
    /// <returns>The messages that still exist, in the order of <paramref name="uids"/>.</returns>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the command.</exception>
    public abstract Task<IReadOnlyList<InboxMessage>> FetchAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken);

    /// <summary>Sets the \Seen flag (IMAP).</summary>
    /// <exception cref="MailOperationNotSupportedException">POP3 has no flags.</exception>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the command.</exception>
    public abstract Task MarkSeenAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken);

    /// <summary>Moves messages to another folder (IMAP MOVE, or COPY and expunge where MOVE is missing).</summary>
    /// <exception cref="MailOperationNotSupportedException">POP3 has no folders.</exception>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the command (e.g. the folder does not exist).</exception>
    public abstract Task MoveAsync(IReadOnlyList<string> uids, string folder, CancellationToken cancellationToken);

    /// <summary>Deletes messages: IMAP flags and expunges them at once; POP3 marks them and removes them at <see cref="CloseAsync"/>.</summary>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    /// <exception cref="MailCommandException">The server refused the command.</exception>
    public abstract Task DeleteAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken);

    /// <summary>Signs out politely (IMAP LOGOUT, POP3 QUIT, which commits deletions).</summary>
    /// <exception cref="MailConnectionException">The connection broke.</exception>
    public abstract Task CloseAsync(CancellationToken cancellationToken);

    /// <summary>Closes the connection without signing out (POP3 deletions are then not committed).</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Runs a MailKit call and turns its failures into our typed errors.</summary>
    private protected static async Task<T> GuardAsync<T>(MailEndpoint endpoint, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (MailErrors.Translate(e, endpoint) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Runs a MailKit call and turns its failures into our typed errors.</summary>
    private protected static Task GuardAsync(MailEndpoint endpoint, Func<Task> call) =>
        GuardAsync(endpoint, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
}
