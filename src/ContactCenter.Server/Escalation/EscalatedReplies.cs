using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Messages;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.Escalation;

/// <summary>
/// A received message that threads onto an escalated request's stub goes on to the copy in the target tenant: stored
/// there (with its raw mail), the copy reopened when it was waiting or closed, and only a history entry on the stub. The
/// target is written first and committed before the source's receipt, and a message already on the copy (same
/// Message-ID and content) is not stored again, so a receipt that died after the target write passes nothing on twice.
/// </summary>
public sealed class EscalatedReplies(TenantDatabaseFactory databases, RawMailStore store)
{
    /// <summary>The stub's history entry: a message passed on (its Message-ID).</summary>
    public const string PassedOnChange = "message-passed-on";

    /// <summary>Passes <paramref name="message"/> on to the stub's copy; the stub's tenant context gets the history entry only.</summary>
    /// <returns>Where it went, or quarantine when the target tenant or the copy is gone.</returns>
    public async Task<Placement> PassOnAsync(
        TenantDbContext db, Request stub, ReceivedMessage mail, RequestMessage message, string actor, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stub);
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(message);
        if (stub is not { EscalatedToTenantId: { } tenantId, EscalatedToRequestId: { } copyId }
            || await databases.OpenForAsync(tenantId, cancellationToken) is not { } opened)
        {
            return Placement.Quarantine(RequestFromMail.UnroutableCode, $"The request #{stub.Number} was escalated to a tenant that is no longer active.");
        }

        // The bytes as received where the ingest keeps them in the database (the default), else as MimeKit writes them again.
        var raw = db.RawMails.Local.FirstOrDefault(r => r.Id == message.RawMailId)?.Content ?? await MimeBytesAsync(mail, cancellationToken);
        var (targetTenant, target) = opened;
        await using (target)
        {
            target.Actor = actor;
            var copy = await target.Requests.SingleOrDefaultAsync(r => r.Id == copyId, cancellationToken);
            if (copy is null)
            {
                return Placement.Quarantine(RequestFromMail.UnroutableCode, $"The request #{stub.Number} was escalated, and its copy is gone from the target tenant.");
            }

            if (!await target.RequestMessages.AnyAsync(
                    m => m.RequestId == copyId && m.MessageIdHash == message.MessageIdHash && m.ContentHash == message.ContentHash, cancellationToken))
            {
                await StoreAsync(target, targetTenant.Id, copy, raw, message, actor, now, cancellationToken);
            }
        }

        RequestFromMail.History(db, stub.Id, actor, now, PassedOnChange, "messageId", null, message.MessageId);
        return new Placement(IngestOutcome.Joined, stub.Id, null);
    }

    private static async Task<byte[]> MimeBytesAsync(ReceivedMessage mail, CancellationToken cancellationToken)
    {
        using var bytes = new MemoryStream();
        await mail.Mime.WriteToAsync(FormatOptions.Default, bytes, cancellationToken);
        return bytes.ToArray();
    }

    private async Task StoreAsync(
        TenantDbContext target, Guid targetTenantId, Request copy, byte[] raw, RequestMessage message, string actor, DateTime now,
        CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw));
        var rawMailId = await target.RawMails.Where(r => r.Sha256 == sha256).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (rawMailId is null)
        {
            var stored = new RawMail { Sha256 = sha256, Size = raw.Length, StoredAt = now, Content = await store.PutAsync(targetTenantId, sha256, raw, cancellationToken) };
            target.RawMails.Add(stored);
            rawMailId = stored.Id;
        }

        var passed = RequestMove.CopyOf(message, copy.Id, rawMailId);
        passed.AccountId = null;
        target.RequestMessages.Add(passed);
        copy.MessageCount++;
        copy.UpdatedAt = now;
        RequestFromMail.History(target, copy.Id, actor, now, "message-in", "messageId", null, message.MessageId);
        if (copy.Status != RequestStatus.Open && !message.IsAutomatic)
        {
            RequestFromMail.History(target, copy.Id, actor, now, copy.Status == RequestStatus.Closed ? "reopened" : "status", "status",
                copy.Status.ToString().ToLowerInvariant(), "open");
            copy.Status = RequestStatus.Open;
            copy.ClosedAt = null;
        }

        using var writing = await TenantWriteGate.EnterAsync(target, cancellationToken);
        await target.SaveChangesAsync(cancellationToken);
    }
}
