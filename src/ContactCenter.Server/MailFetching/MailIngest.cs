using System.Security.Cryptography;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Messages;
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

/// <summary>
/// Turns the raw bytes of a received message into a request message, or a quarantine entry, exactly once. Everything
/// one message causes — the raw bytes, the receipt, the request, its contact and history — is saved in one transaction
/// of the tenant database, before the caller flags, moves or deletes the server copy. Idempotent on (account,
/// UIDVALIDITY, UID), on the raw bytes' SHA-256 and on Message-ID plus content hash.
/// </summary>
public sealed class MailIngest(RawMailStore store, RequestFromMail requests, TimeProvider clock)
{
    // A concurrent writer may take the request number, the raw content or the receipt first (another instance, another
    // account receiving the same mail); the unique index refuses the second, and a fresh attempt sees the first. Each
    // round lets at least one writer through, so a burst of new requests in one tenant needs about as many attempts as
    // there are writers; a random back-off keeps them from meeting again in step.
    private const int Attempts = 25;

    /// <summary>Receives one server message.</summary>
    /// <exception cref="DbUpdateException">The database refused the write after every attempt (e.g. it is down); nothing was saved.</exception>
    public async Task<IngestResult> IngestAsync(TenantDbContext db, Guid tenantId, IngestSource source, byte[] raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(raw);
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                return await TryIngestAsync(db, tenantId, source, raw, cancellationToken);
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
                var placed = await requests.PlaceAsync(db, raw, entry.RawMailId, entry.AccountId, actor, partition, clock.GetUtcNow().UtcDateTime, cancellationToken);
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

                await db.SaveChangesAsync(cancellationToken);
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

    private async Task<IngestResult> TryIngestAsync(TenantDbContext db, Guid tenantId, IngestSource source, byte[] raw, CancellationToken cancellationToken)
    {
        if (await db.MailReceipts.AnyAsync(r => r.AccountId == source.AccountId && r.UidValidity == source.UidValidity && r.Uid == source.Uid, cancellationToken))
        {
            return new IngestResult(IngestOutcome.AlreadyReceived);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(raw));
        var receipt = new MailReceipt { AccountId = source.AccountId, UidValidity = source.UidValidity, Uid = source.Uid, ReceivedAt = now };
        db.MailReceipts.Add(receipt);
        var known = await db.RawMails.AsNoTracking().Where(r => r.Sha256 == sha256).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (known is { } rawMailId)
        {
            var message = await db.RequestMessages.AsNoTracking().Where(m => m.RawMailId == rawMailId)
                .Select(m => new { m.Id, m.RequestId }).FirstOrDefaultAsync(cancellationToken);
            receipt.RawMailId = rawMailId;
            receipt.Outcome = ReceiptOutcome.Duplicate;
            receipt.RequestMessageId = message?.Id;
            await db.SaveChangesAsync(cancellationToken);
            return new IngestResult(IngestOutcome.Duplicate, message?.RequestId);
        }

        var rawMail = new RawMail { Sha256 = sha256, Size = raw.Length, StoredAt = now, Content = await store.PutAsync(tenantId, sha256, raw, cancellationToken) };
        db.RawMails.Add(rawMail);
        receipt.RawMailId = rawMail.Id;
        var placed = await requests.PlaceAsync(db, raw, rawMail.Id, source.AccountId, "mail:" + source.AccountName, source.PartitionId, now, cancellationToken);
        receipt.Outcome = placed.Outcome switch
        {
            IngestOutcome.Quarantined => ReceiptOutcome.Quarantined,
            IngestOutcome.Duplicate => ReceiptOutcome.Duplicate,
            _ => ReceiptOutcome.Message,
        };
        receipt.RequestMessageId = placed.MessageId;
        if (placed.Outcome == IngestOutcome.Quarantined)
        {
            db.Quarantine.Add(new QuarantinedMail
            {
                AccountId = source.AccountId, RawMailId = rawMail.Id, ReceivedAt = now, ReasonCode = placed.ReasonCode!, Reason = placed.Reason!,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return placed.Result;
    }
}
