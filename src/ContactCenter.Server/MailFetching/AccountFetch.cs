using ContactCenter.Data.Catalog;
using ContactCenter.Mail.Connections;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailFetching;

/// <summary>An account as the fetch cycle connects to it.</summary>
/// <param name="AccountId">The inbound, system or global system account.</param>
/// <param name="Name">Named in the requests' history.</param>
/// <param name="Protocol">IMAP or POP3.</param>
/// <param name="Endpoint">Server and credentials.</param>
/// <param name="Folder">The IMAP folder to fetch (null: INBOX).</param>
/// <param name="Weighting">Messages taken per round at most.</param>
/// <param name="KeepOnServer">False: delete a message once it is in.</param>
/// <param name="ImportedFolder">IMAP: move a message there once it is in (instead of flagging it).</param>
/// <param name="PartitionId">The partition the account names for contacts.</param>
internal sealed record FetchTarget(
    Guid AccountId, string Name, InboxProtocol Protocol, MailEndpoint Endpoint, string? Folder, int Weighting, bool KeepOnServer, string? ImportedFolder, Guid? PartitionId);

/// <summary>What is done with a server message once it is safely in.</summary>
internal enum Settling
{
    /// <summary>IMAP: the keyword <see cref="AccountFetch.ImportedKeyword"/> is set; the next listing leaves it out.</summary>
    Flag,

    /// <summary>IMAP: it is moved to the account's imported folder.</summary>
    Move,

    /// <summary>It is deleted (the account does not keep mail on the server).</summary>
    Delete,

    /// <summary>Nothing (POP3, or an IMAP folder without keywords): the receipts say what is in.</summary>
    Remember,
}

/// <summary>How a round of an account's messages is put into the database, all or none; throws when the database failed.</summary>
internal delegate Task IngestMessages(FetchTarget target, long uidValidity, IReadOnlyList<InboxMessage> messages, CancellationToken cancellationToken);

/// <summary>
/// One account during one cycle: its lease in the catalog, its open mailbox, the ids still to take. A round takes at
/// most the account's weighting of messages, puts them into the database together, and only then flags, moves or
/// deletes the server copies; a crash between the two leaves server copies that the next cycle finds in the receipts.
/// </summary>
internal sealed class AccountFetch(MailFetchAccount row, string holder, CatalogDbContext catalog, TimeProvider time, TimeSpan lease)
{
    public const string ImportedKeyword = "$ContactCenter";

    private readonly Queue<string> _pending = new();
    private MailInbox? _inbox;
    private FetchTarget? _target;
    private long _uidValidity;
    private Settling _settling;
    private int _taken;
    private DateTime _leasedUntil;

    public MailFetchAccount Row => row;

    /// <summary>The failure that ended this account's cycle; null while it goes well.</summary>
    public string? Error { get; private set; }

    /// <summary>True once another instance took the lease over: this one stops touching the account.</summary>
    public bool LeaseLost { get; private set; }

    /// <summary>Whether another round has anything to do.</summary>
    public bool HasWork => _inbox is not null && _pending.Count > 0 && Error is null && !LeaseLost;

    /// <summary>Takes the account for this instance unless another live instance holds it.</summary>
    public async Task<bool> TryLeaseAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + lease;
        var id = row.AccountId;
        if (await catalog.MailFetchAccounts
            .Where(a => a.AccountId == id && a.Enabled && (a.LeaseHolder == null || a.LeaseHolder == holder || a.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LeaseHolder, holder).SetProperty(a => a.LeaseExpiresAt, until), cancellationToken) != 1)
        {
            return false;
        }

        _leasedUntil = until;
        return true;
    }

    /// <summary>Signs in and lists what is to take; what was taken before but not yet flagged is flagged now.</summary>
    /// <param name="target">The account's server.</param>
    /// <param name="settings">Trust, timeout and address policy.</param>
    /// <param name="received">Which of the listed ids are in already (the receipts); null where receipts are elsewhere.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(
        FetchTarget target, MailConnectionSettings settings, Func<long, IReadOnlyList<string>, CancellationToken, Task<HashSet<string>>>? received,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        try
        {
            _inbox = await MailInbox.OpenAsync(target.Protocol, target.Endpoint, target.Folder, readOnly: false, settings, cancellationToken);
            _uidValidity = _inbox.UidValidity ?? 0;
            _settling = !target.KeepOnServer ? Settling.Delete
                : target.Protocol != InboxProtocol.Imap ? Settling.Remember
                : target.ImportedFolder is { Length: > 0 } ? Settling.Move
                : _inbox.SupportsKeyword(ImportedKeyword) ? Settling.Flag
                : Settling.Remember;
            var uids = _settling == Settling.Flag
                ? await _inbox.ListUidsWithoutKeywordAsync(ImportedKeyword, cancellationToken)
                : await _inbox.ListUidsAsync(cancellationToken);
            var done = received is null ? [] : await received(_uidValidity, uids, cancellationToken);
            await SettleAsync([.. uids.Where(done.Contains)], cancellationToken);
            foreach (var uid in uids.Where(uid => !done.Contains(uid)))
            {
                _pending.Enqueue(uid);
            }
        }
        catch (MailException failed)
        {
            Error = failed.Message;
        }
    }

    /// <summary>Renews the lease once half of it has run, then takes at most the account's weighting of messages.</summary>
    /// <exception cref="Exception">The database failed; the round's messages stay on the server, unsettled.</exception>
    public async Task RoundAsync(IngestMessages ingest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ingest);
        if (!await RenewAsync(cancellationToken))
        {
            LeaseLost = true;
            return;
        }

        var batch = new List<string>(_target!.Weighting);
        while (batch.Count < _target.Weighting && _pending.TryDequeue(out var uid))
        {
            batch.Add(uid);
        }

        var taken = new List<string>(batch.Count);
        try
        {
            // A message deleted on the server meanwhile is simply not returned: there is nothing left to lose.
            var messages = await _inbox!.FetchAsync(batch, cancellationToken);
            await ingest(_target, _uidValidity, messages, cancellationToken);
            taken.AddRange(messages.Select(m => m.Uid));
        }
        catch (MailException failed)
        {
            Error = failed.Message;
        }
        finally
        {
            _taken += taken.Count;
            if (Error is null && taken.Count > 0)
            {
                await SettleAsync(taken, cancellationToken);
            }
        }
    }

    /// <summary>Signs out (POP3 commits its deletions), writes the account's status and gives the lease back.</summary>
    public async Task EndAsync(Exception? failure, CancellationToken cancellationToken)
    {
        if (_inbox is not null)
        {
            try
            {
                await _inbox.CloseAsync(cancellationToken);
            }
            catch (MailException failed)
            {
                Error ??= failed.Message;
            }
            finally
            {
                await _inbox.DisposeAsync();
            }
        }

        if (LeaseLost)
        {
            return;
        }

        var error = failure?.Message ?? Error;
        error = error is { Length: > MailFetchAccount.ErrorMaxLength } ? error[..MailFetchAccount.ErrorMaxLength] : error;
        var now = time.GetUtcNow().UtcDateTime;
        var id = row.AccountId;
        var taken = _taken;
        await catalog.MailFetchAccounts.Where(a => a.AccountId == id && a.LeaseHolder == holder).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.LeaseHolder, (string?)null).SetProperty(a => a.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(a => a.LastFetchAt, now).SetProperty(a => a.LastError, error)
                .SetProperty(a => a.LastSucceededAt, a => error == null ? now : a.LastSucceededAt)
                .SetProperty(a => a.MessagesTaken, a => a.MessagesTaken + taken),
            cancellationToken);
        _taken = 0;
    }

    /// <summary>
    /// Renews the lease (and writes the account's progress) once half of it has run: often enough that it never runs out
    /// while this instance is alive, seldom enough that the catalog is not written every round.
    /// </summary>
    private async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now < _leasedUntil - (lease / 2))
        {
            return true;
        }

        var until = now + lease;
        var id = row.AccountId;
        var taken = _taken;
        var renewed = await catalog.MailFetchAccounts.Where(a => a.AccountId == id && a.LeaseHolder == holder).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.LeaseExpiresAt, until).SetProperty(a => a.LastFetchAt, now).SetProperty(a => a.LastSucceededAt, now)
                .SetProperty(a => a.MessagesTaken, a => a.MessagesTaken + taken),
            cancellationToken) == 1;
        _taken = 0;
        _leasedUntil = renewed ? until : _leasedUntil;
        return renewed;
    }

    private async Task SettleAsync(List<string> uids, CancellationToken cancellationToken)
    {
        if (uids.Count == 0)
        {
            return;
        }

        try
        {
            switch (_settling)
            {
                case Settling.Flag:
                    await _inbox!.AddKeywordAsync(uids, ImportedKeyword, cancellationToken);
                    break;
                case Settling.Move:
                    await _inbox!.MoveAsync(uids, _target!.ImportedFolder!, cancellationToken);
                    break;
                case Settling.Delete:
                    await _inbox!.DeleteAsync(uids, cancellationToken);
                    break;
                case Settling.Remember:
                    break;
            }
        }
        catch (MailException failed)
        {
            // The messages are in; the next cycle finds them in the receipts and settles them again.
            Error ??= failed.Message;
        }
    }
}
