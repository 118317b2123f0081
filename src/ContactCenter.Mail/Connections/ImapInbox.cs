using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ContactCenter.Mail.Connections;

/// <summary>An IMAP folder opened with MailKit's <see cref="ImapClient"/>.</summary>
internal sealed class ImapInbox : MailInbox
{
    private readonly ImapClient _client;
    private readonly MailEndpoint _endpoint;
    private readonly IMailFolder _folder;

    private ImapInbox(ImapClient client, MailEndpoint endpoint, IMailFolder folder)
    {
        _client = client;
        _endpoint = endpoint;
        _folder = folder;
    }

    public override string Folder => _folder.FullName;

    public override int Count => _folder.Count;

    public override uint? UidValidity => _folder.UidValidity;

    public override long? TotalSize => null;

    public override bool SupportsFlagsAndFolders => true;

    public static async Task<MailInbox> OpenAsync(MailEndpoint endpoint, string folderName, bool readOnly, MailConnectionSettings settings, CancellationToken cancellationToken)
    {
        var client = settings.ProtocolLog is { } log ? new ImapClient(log.CreateLogger()) : new ImapClient();
        try
        {
            await MailConnector.ConnectAsync(client, endpoint, settings, cancellationToken).ConfigureAwait(false);
            var folder = await GuardAsync(endpoint, async () =>
            {
                await client.AuthenticateAsync(endpoint.UserName!, endpoint.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
                var found = string.Equals(folderName, "INBOX", StringComparison.OrdinalIgnoreCase)
                    ? client.Inbox
                    : await client.GetFolderAsync(folderName, cancellationToken).ConfigureAwait(false);
                await found.OpenAsync(readOnly ? FolderAccess.ReadOnly : FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
                return found;
            }).ConfigureAwait(false);
            return new ImapInbox(client, endpoint, folder);
        }
        catch (FolderNotFoundException e)
        {
            client.Dispose();
            throw new MailCommandException($"{endpoint.Host} has no folder '{folderName}'.", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public override Task<IReadOnlyList<string>> ListUidsAsync(CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<string>>(_endpoint, async () =>
        {
            var uids = await _folder.SearchAsync(SearchQuery.All, cancellationToken).ConfigureAwait(false);
            return [.. uids.Select(u => u.Id.ToString(CultureInfo.InvariantCulture))];
        });

    public override Task<IReadOnlyList<string>> ListUidsWithoutKeywordAsync(string keyword, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<string>>(_endpoint, async () =>
        {
            var uids = await _folder.SearchAsync(SearchQuery.NotKeyword(keyword), cancellationToken).ConfigureAwait(false);
            return [.. uids.Select(u => u.Id.ToString(CultureInfo.InvariantCulture))];
        });

    public override bool SupportsKeyword(string keyword) =>
        _folder.PermanentFlags.HasFlag(MessageFlags.UserDefined) || _folder.PermanentKeywords.Contains(keyword);

    public override Task AddKeywordAsync(IReadOnlyList<string> uids, string keyword, CancellationToken cancellationToken)
    {
        if (!SupportsKeyword(keyword))
        {
            throw new MailOperationNotSupportedException($"{_endpoint.Host} keeps no keyword {keyword} in {_folder.FullName}.");
        }

        return GuardAsync(_endpoint, () => _folder.AddFlagsAsync(Parse(uids), MessageFlags.None, [keyword], silent: true, cancellationToken));
    }

    public override Task<IReadOnlyList<InboxMessage>> FetchAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<InboxMessage>>(_endpoint, async () =>
        {
            var ids = Parse(uids);
            if (ids.Count == 0)
            {
                return [];
            }

            // Two commands per batch however large it is: flags and dates, then every body (BODY.PEEK[], so nothing is marked seen).
            var summaries = await _folder.FetchAsync(ids, new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate), cancellationToken).ConfigureAwait(false);
            var bodies = new Dictionary<uint, byte[]>();
            await ((ImapFolder)_folder).GetStreamsAsync(ids, async (_, _, uid, stream, token) =>
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, token).ConfigureAwait(false);
                bodies[uid.Id] = copy.ToArray();
            }, cancellationToken).ConfigureAwait(false);
            var byUid = summaries.ToDictionary(s => s.UniqueId.Id);
            return [.. ids.Where(u => bodies.ContainsKey(u.Id)).Select(u => new InboxMessage(
                u.Id.ToString(CultureInfo.InvariantCulture),
                bodies[u.Id],
                byUid.TryGetValue(u.Id, out var s) && s.Flags?.HasFlag(MessageFlags.Seen) == true,
                byUid.TryGetValue(u.Id, out var d) ? d.InternalDate : null))];
        });

    public override Task MarkSeenAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken) =>
        GuardAsync(_endpoint, () => _folder.AddFlagsAsync(Parse(uids), MessageFlags.Seen, silent: true, cancellationToken));

    public override Task MoveAsync(IReadOnlyList<string> uids, string folder, CancellationToken cancellationToken) =>
        GuardAsync(_endpoint, async () =>
        {
            var target = await _client.GetFolderAsync(folder, cancellationToken).ConfigureAwait(false);
            await _folder.MoveToAsync(Parse(uids), target, cancellationToken).ConfigureAwait(false);
        });

    public override Task DeleteAsync(IReadOnlyList<string> uids, CancellationToken cancellationToken) =>
        GuardAsync(_endpoint, async () =>
        {
            var ids = Parse(uids);
            await _folder.AddFlagsAsync(ids, MessageFlags.Deleted, silent: true, cancellationToken).ConfigureAwait(false);
            // UID EXPUNGE (RFC 4315) removes only these; without UIDPLUS MailKit expunges every \Deleted message.
            await _folder.ExpungeAsync(ids, cancellationToken).ConfigureAwait(false);
        });

    public override Task CloseAsync(CancellationToken cancellationToken) =>
        GuardAsync(_endpoint, () => _client.DisconnectAsync(quit: true, cancellationToken));

    public override ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static List<UniqueId> Parse(IReadOnlyList<string> uids) =>
        [.. uids.Select(u => uint.TryParse(u, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? new UniqueId(id)
            : throw new ArgumentException($"'{u}' is not an IMAP UID.", nameof(uids)))];
}
