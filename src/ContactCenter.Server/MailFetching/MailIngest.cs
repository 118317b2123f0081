using System.Security.Cryptography;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Messages;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailFetching;

/// <summary>Which server message is being received: the account and the message's id there.</summary>
/// <param name="AccountId">The inbound or system account.</param>
/// <param name="AccountName">Named in the request's history.</param>
/// <param name="UidValidity">IMAP's UIDVALIDITY of the folder; 0 for POP3.</param>
/// <param name="Uid">The IMAP UID or the POP3 UIDL id.</param>
/// <param name="PartitionId">The partition the account names for contacts, if any.</param>
public sealed record IngestSource(Guid AccountId, string AccountName, long UidValidity, string Uid, Guid? PartitionId);

/// <summary>What became of a received message.</summary>
public enum IngestOutcome
{
    /// <summary>It started a new request.</summary>
    Created,

    /// <summary>It joined an existing request.</summary>
    Joined,

    /// <summary>This server message had been received before (a fetch again after a crash): nothing was written.</summary>
    AlreadyReceived,

    /// <summary>Its content had been received before (from this or another account): only the receipt was written.</summary>
    Duplicate,

    /// <summary>It is in quarantine, with its reason.</summary>
    Quarantined,
}

/// <param name="Outcome">What happened.</param>
/// <param name="RequestId">The request it started or joined (or duplicates a message of).</param>
/// <param name="Reason">Why it is in quarantine.</param>
/// <param name="ReasonCode">Why it is in quarantine, as a code (<see cref="RequestFromMail.TooLargeCode"/> and its siblings), for texts in the reader's language.</param>
public sealed record IngestResult(IngestOutcome Outcome, Guid? RequestId = null, string? Reason = null, string? ReasonCode = null);

/// <summary>A server message to receive: where it comes from and its raw bytes.</summary>
public sealed record IncomingMail(IngestSource Source, byte[] Raw);

/// <summary>
/// Turns the raw bytes of received messages into request messages, or quarantine entries, exactly once. A round of
/// messages (an account's round in the fetch cycle) is read and placed together and saved in one transaction of the
/// tenant database — the raw bytes, the receipts, the requests with their numbers, contacts and history — before the
/// caller flags, moves or deletes the server copies. What the round needs of the database is looked up once for all its
/// messages. Idempotent on (account, UIDVALIDITY, UID), on the raw bytes' SHA-256 and on Message-ID plus content hash.
/// </summary>
public sealed class MailIngest(
    RawMailStore store, RequestFromMail requests, Outbox.RequestOutbox outbox, Requests.MessageTextIndexTurn textIndex, TimeProvider clock)
{
    // A concurrent writer may take the raw content or the receipt first (another instance, another account receiving
    // the same mail); the unique index refuses the second, and a fresh attempt sees the first. A random back-off keeps
    // writers from meeting again in step.
    private const int Attempts = 25;

    /// <summary>Receives one server message.</summary>
    /// <exception cref="DbUpdateException">The database refused the write after every attempt (e.g. it is down); nothing was saved.</exception>
    public async Task<IngestResult> IngestAsync(TenantDbContext db, Guid tenantId, IngestSource source, byte[] raw, CancellationToken cancellationToken) =>
        (await IngestRoundAsync(db, tenantId, [new IncomingMail(source, raw)], cancellationToken))[0];

    /// <summary>Receives a round of server messages, all or none; the results in the messages' order.</summary>
    /// <exception cref="DbUpdateException">The database refused the write after every attempt (e.g. it is down); nothing was saved.</exception>
    public async Task<IReadOnlyList<IngestResult>> IngestRoundAsync(TenantDbContext db, Guid tenantId, IReadOnlyList<IncomingMail> mails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(mails);
        if (mails.Count == 0)
        {
            return [];
        }

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                return await TryIngestRoundAsync(db, tenantId, mails, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>Whether these server messages have been received; the ones that have need only their server copy flagged.</summary>
    public static async Task<HashSet<string>> ReceivedAsync(TenantDbContext db, Guid accountId, long uidValidity, IReadOnlyList<string> uids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(uids);
        var received = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in uids.Chunk(500))
        {
            received.UnionWith(await db.MailReceipts.AsNoTracking()
                .Where(r => r.AccountId == accountId && r.UidValidity == uidValidity && chunk.Contains(r.Uid))
                .Select(r => r.Uid).ToListAsync(cancellationToken));
        }

        return received;
    }

    /// <summary>Tries a quarantined message again (after the routing plan or the size limit changed).</summary>
    /// <returns>The request it went to, or the reason it still cannot; null when there is no such entry.</returns>
    public async Task<IngestResult?> RetryQuarantinedAsync(TenantDbContext db, Guid tenantId, Guid quarantineId, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                var entry = await db.Quarantine.Include(q => q.RawMail).FirstOrDefaultAsync(q => q.Id == quarantineId, cancellationToken);
                if (entry is null)
                {
                    return null;
                }

                var raw = await store.ReadAsync(tenantId, entry.RawMail!, cancellationToken);
                var partition = entry.AccountId is { } account
                    ? await db.InboundAccounts.Where(a => a.Id == account).Select(a => a.PartitionId).FirstOrDefaultAsync(cancellationToken)
                    : null;
                var round = new IngestRound();
                var placed = await requests.PlaceAsync(db, round, raw, entry.RawMailId, entry.AccountId, actor, partition, clock.GetUtcNow().UtcDateTime, cancellationToken);
                if (placed.Outcome == IngestOutcome.Quarantined)
                {
                    return placed.Result;
                }

                db.Quarantine.Remove(entry);
                foreach (var receipt in await db.MailReceipts.Where(r => r.RawMailId == entry.RawMailId && r.Outcome == ReceiptOutcome.Quarantined).ToListAsync(cancellationToken))
                {
                    // A copy may have come in meanwhile (through another account): then this one is its duplicate.
                    receipt.Outcome = placed.Outcome == IngestOutcome.Duplicate ? ReceiptOutcome.Duplicate : ReceiptOutcome.Message;
                    receipt.RequestMessageId = placed.MessageId;
                }

                await SaveAsync(db, round, cancellationToken);
                AfterSave(tenantId, round);
                return placed.Result;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                await BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Puts a message into quarantine whose ingest failed for a reason of its own (the database answered, yet placing the
    /// message threw), so that it does not hold up its account: it is kept with the failure as its reason, and can be tried
    /// again once the cause is mended.
    /// </summary>
    public async Task<IngestResult> QuarantineFailedAsync(TenantDbContext db, Guid tenantId, IngestSource source, byte[] raw, Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(failure);
        db.ChangeTracker.Clear();
        if (await db.MailReceipts.AnyAsync(r => r.AccountId == source.AccountId && r.UidValidity == source.UidValidity && r.Uid == source.Uid, cancellationToken))
        {
            return new IngestResult(IngestOutcome.AlreadyReceived);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(raw));
        var rawMailId = await db.RawMails.AsNoTracking().Where(r => r.Sha256 == sha256).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (rawMailId is null)
        {
            var rawMail = new RawMail { Sha256 = sha256, Size = raw.Length, StoredAt = now, Content = await store.PutAsync(tenantId, sha256, raw, cancellationToken) };
            db.RawMails.Add(rawMail);
            rawMailId = rawMail.Id;
        }

        var reason = $"The message could not be processed ({failure.GetType().Name}): {failure.Message}";
        reason = reason.Length <= QuarantinedMail.ReasonMaxLength ? reason : reason[..QuarantinedMail.ReasonMaxLength];
        db.MailReceipts.Add(new MailReceipt
        {
            AccountId = source.AccountId, UidValidity = source.UidValidity, Uid = source.Uid, ReceivedAt = now, RawMailId = rawMailId.Value, Outcome = ReceiptOutcome.Quarantined,
        });
        db.Quarantine.Add(new QuarantinedMail
        {
            AccountId = source.AccountId, RawMailId = rawMailId.Value, ReceivedAt = now, ReasonCode = RequestFromMail.UnparseableCode, Reason = reason,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new IngestResult(IngestOutcome.Quarantined, null, reason, RequestFromMail.UnparseableCode);
    }

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(5, 25) * Math.Min(attempt, 4)), cancellationToken);

    private async Task<IReadOnlyList<IngestResult>> TryIngestRoundAsync(TenantDbContext db, Guid tenantId, IReadOnlyList<IncomingMail> mails, CancellationToken cancellationToken)
    {
        // One connection for the round's statements, not one from the pool per statement.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var results = new IngestResult?[mails.Count];
            var received = new HashSet<(Guid, long, string)>();
            foreach (var account in mails.GroupBy(m => (m.Source.AccountId, m.Source.UidValidity)))
            {
                foreach (var uid in await ReceivedAsync(db, account.Key.AccountId, account.Key.UidValidity, [.. account.Select(m => m.Source.Uid)], cancellationToken))
                {
                    received.Add((account.Key.AccountId, account.Key.UidValidity, uid));
                }
            }

            var hashes = mails.Select(m => Convert.ToHexStringLower(SHA256.HashData(m.Raw))).ToArray();
            var distinct = hashes.Distinct(StringComparer.Ordinal).ToList();
            var knownRaw = await db.RawMails.AsNoTracking().Where(r => distinct.Contains(r.Sha256)).Select(r => new { r.Id, r.Sha256 })
                .ToDictionaryAsync(r => r.Sha256, r => r.Id, StringComparer.Ordinal, cancellationToken);
            var knownRawIds = knownRaw.Values.ToList();
            var knownMessages = knownRawIds.Count == 0
                ? []
                : (await db.RequestMessages.AsNoTracking().Where(m => m.RawMailId != null && knownRawIds.Contains(m.RawMailId.Value))
                    .Select(m => new { RawMailId = m.RawMailId!.Value, m.Id, m.RequestId }).ToListAsync(cancellationToken))
                    .DistinctBy(m => m.RawMailId).ToDictionary(m => m.RawMailId);

            // Each message's receipt; new content is stored and read, known content (from before, or earlier in the round) is a duplicate.
            var receipts = new MailReceipt?[mails.Count];
            var reads = new (RawMail Raw, ReadMail Read)?[mails.Count];
            var firstWith = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < mails.Count; i++)
            {
                var source = mails[i].Source;
                if (received.Contains((source.AccountId, source.UidValidity, source.Uid)))
                {
                    results[i] = new IngestResult(IngestOutcome.AlreadyReceived);
                    continue;
                }

                var receipt = new MailReceipt { AccountId = source.AccountId, UidValidity = source.UidValidity, Uid = source.Uid, ReceivedAt = now };
                db.MailReceipts.Add(receipt);
                receipts[i] = receipt;
                if (knownRaw.TryGetValue(hashes[i], out var rawMailId))
                {
                    var message = knownMessages.GetValueOrDefault(rawMailId);
                    receipt.RawMailId = rawMailId;
                    receipt.Outcome = ReceiptOutcome.Duplicate;
                    receipt.RequestMessageId = message?.Id;
                    results[i] = new IngestResult(IngestOutcome.Duplicate, message?.RequestId);
                }
                else if (!firstWith.TryAdd(hashes[i], i))
                {
                    // Settled below, once the first copy is placed.
                    receipt.RawMailId = reads[firstWith[hashes[i]]]!.Value.Raw.Id;
                }
                else
                {
                    var raw = mails[i].Raw;
                    var rawMail = new RawMail { Sha256 = hashes[i], Size = raw.Length, StoredAt = now, Content = await store.PutAsync(tenantId, hashes[i], raw, cancellationToken) };
                    db.RawMails.Add(rawMail);
                    receipt.RawMailId = rawMail.Id;
                    reads[i] = (rawMail, await requests.ReadAsync(db, raw, rawMail.Id, source.AccountId, now, cancellationToken));
                }
            }

            var round = new IngestRound();
            await requests.LookUpAsync(db, round, [.. reads.Where(r => r is not null).Select(r => r!.Value.Read)], cancellationToken);
            var placements = new Placement?[mails.Count];
            for (var i = 0; i < mails.Count; i++)
            {
                if (reads[i] is not var (rawMail, read))
                {
                    continue;
                }

                var source = mails[i].Source;
                var placed = await requests.PlaceAsync(db, round, read, "mail:" + source.AccountName, source.PartitionId, now, cancellationToken);
                placements[i] = placed;
                results[i] = placed.Result;
                receipts[i]!.Outcome = Outcome(placed.Outcome);
                receipts[i]!.RequestMessageId = placed.MessageId;
                if (placed.Outcome == IngestOutcome.Quarantined)
                {
                    db.Quarantine.Add(new QuarantinedMail
                    {
                        AccountId = source.AccountId, RawMailId = rawMail.Id, ReceivedAt = now, ReasonCode = placed.ReasonCode!, Reason = placed.Reason!,
                    });
                }
            }

            for (var i = 0; i < mails.Count; i++)
            {
                if (receipts[i] is { } receipt && results[i] is null)
                {
                    // A second copy of content first seen in this round: the first copy's placement, as a duplicate.
                    var first = placements[firstWith[hashes[i]]]!;
                    receipt.Outcome = first.Outcome == IngestOutcome.Quarantined ? ReceiptOutcome.Quarantined : ReceiptOutcome.Duplicate;
                    receipt.RequestMessageId = first.MessageId;
                    results[i] = first.Outcome == IngestOutcome.Quarantined ? first.Result : new IngestResult(IngestOutcome.Duplicate, first.RequestId);
                }
            }

            await SaveAsync(db, round, cancellationToken);
            AfterSave(tenantId, round);
            return [.. results.Select(r => r!)];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// After the round's commit: its messages' text goes into the search index at the indexer's next run, and mail the
    /// round wrote (an external answer passed on to its customer) goes out now, not at the next sweep.
    /// </summary>
    private void AfterSave(Guid tenantId, IngestRound round)
    {
        if (round.PlacedMessages.Count > 0)
        {
            textIndex.Touched(tenantId);
        }

        if (round.SendsMail)
        {
            outbox.Kick(tenantId);
        }
    }

    private static ReceiptOutcome Outcome(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Quarantined => ReceiptOutcome.Quarantined,
        IngestOutcome.Duplicate => ReceiptOutcome.Duplicate,
        _ => ReceiptOutcome.Message,
    };

    /// <summary>
    /// Saves what a round placed, in one transaction that first takes the numbers of the requests it created from the
    /// tenant's counter: the counter's row lock makes concurrent rounds of one tenant number one after the other.
    /// </summary>
    private static async Task SaveAsync(TenantDbContext db, IngestRound round, CancellationToken cancellationToken)
    {
        using var writing = await TenantWriteGate.EnterAsync(db, cancellationToken);
        var created = round.CreatedRequests;
        if (created.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        // One transaction of our own; EF Core would otherwise set a savepoint inside it for SaveChanges.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var last = await RequestNumbers.TakeAsync(db, created.Count, cancellationToken);
            for (var i = 0; i < created.Count; i++)
            {
                created[i].Number = last - created.Count + 1 + i;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }
}
