using MailKit.Net.Pop3;

namespace ContactCenter.Mail.Connections;

/// <summary>A POP3 maildrop opened with MailKit's <see cref="Pop3Client"/>; messages are named by their UIDL ids.</summary>
internal sealed class Pop3Inbox : MailInbox
{
    private readonly Pop3Client _client;
    private readonly MailEndpoint _endpoint;
    private Dictionary<string, int>? _indexes;

    private Pop3Inbox(Pop3Client client, MailEndpoint endpoint)
    {
        _client = client;
        _endpoint = endpoint;
        // STAT's answer at sign-in (RFC 1939 section 5); kept, since the client forgets it when it disconnects.
        Count = client.Count;
        TotalSize = client.Size;
    }

    public override string Folder => "INBOX";

    public override int Count { get; }

    public override uint? UidValidity => null;

    public override long? TotalSize { get; }

    public override bool SupportsFlagsAndFolders => false;

    public static async Task<MailInbox> OpenAsync(MailEndpoint endpoint, MailConnectionSettings settings, CancellationToken cancellationToken)
    {
        var client = settings.ProtocolLog is { } log ? new Pop3Client(log.CreateLogger()) : new Pop3Client();
        try
        {
            await MailConnector.ConnectAsync(client, endpoint, settings, cancellationToken).ConfigureAwait(false);
            await GuardAsync(endpoint, () => client.AuthenticateAsync(endpoint.UserName!, endpoint.Password ?? string.Empty, cancellationToken)).ConfigureAwait(false);
            return new Pop3Inbox(client, endpoint);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public override Task<IReadOnlyList<string>> ListUidsAsync(CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<string>>(_endpoint, async () => [.. (await IndexesAsync(cancellationToken).ConfigureAwait(false)).Keys]);

    public override Task<IReadOnlyList<InboxMessage>> FetchAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<InboxMessage>>(_endpoint, async () =>
        {
            var indexes = await IndexesAsync(cancellationToken).ConfigureAwait(false);
            var wanted = uids.Where(indexes.ContainsKey).ToList();
            if (wanted.Count == 0)
            {
                return [];
            }

            // MailKit pipelines the RETR commands when the server offers PIPELINING (RFC 2449).
            var streams = await _client.GetStreamsAsync([.. wanted.Select(u => indexes[u])], headersOnly: false, cancellationToken).ConfigureAwait(false);
            var messages = new List<InboxMessage>(wanted.Count);
            for (var i = 0; i < wanted.Count; i++)
            {
                await using var stream = streams[i];
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                messages.Add(new InboxMessage(wanted[i], copy.ToArray(), Seen: false, InternalDate: null));
            }

            return messages;
        });

    public override Task<IReadOnlyList<string>> ListUidsWithoutKeywordAsync(string keyword, CancellationToken cancellationToken) =>
        ListUidsAsync(cancellationToken);

    public override bool SupportsKeyword(string keyword) => false;

    public override Task AddKeywordAsync(IReadOnlyList<string> uids, string keyword, CancellationToken cancellationToken) =>
        throw new MailOperationNotSupportedException("POP3 has no flags; remember the UIDL ids already fetched instead.");

    public override Task MarkSeenAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken) =>
        throw new MailOperationNotSupportedException("POP3 has no flags; remember the UIDL ids already fetched instead.");

    public override Task MoveAsync(IReadOnlyList<string> uids, string folder, CancellationToken cancellationToken) =>
        throw new MailOperationNotSupportedException("POP3 has no folders; a message can only be kept or deleted.");

    public override Task DeleteAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken) =>
        GuardAsync(_endpoint, async () =>
        {
            var indexes = await IndexesAsync(cancellationToken).ConfigureAwait(false);
            var marked = uids.Where(indexes.ContainsKey).Select(u => indexes[u]).ToList();
            if (marked.Count > 0)
            {
                await _client.DeleteMessagesAsync(marked, cancellationToken).ConfigureAwait(false);
            }
        });

    public override Task CloseAsync(CancellationToken cancellationToken) =>
        GuardAsync(_endpoint, () => _client.DisconnectAsync(quit: true, cancellationToken));

    public override ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Dictionary<string, int>> IndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexes is null)
        {
            // RFC 1939 section 7: UIDL ids are unique within the maildrop and stay the same across sessions.
            var uids = await _client.GetMessageUidsAsync(cancellationToken).ConfigureAwait(false);
            _indexes = uids.Select((uid, index) => (uid, index)).ToDictionary(p => p.uid, p => p.index, StringComparer.Ordinal);
        }

        return _indexes;
    }
}
