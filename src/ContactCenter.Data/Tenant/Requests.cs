using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

// Requests (tickets) and their conversation: what a customer's e-mail becomes. A request has messages in and out,
// notes and a history of every change; the raw bytes of every received message are kept beside them.

/// <summary>Where a request stands.</summary>
public enum RequestStatus
{
    Open,

    /// <summary>Waiting for the customer (an answer went out, or the agent set it).</summary>
    Waiting,

    Closed,

    /// <summary>Moved to a partner tenant by the backlog escalation: a read-only stub pointing to the copy there (<see cref="Request.EscalatedToRequestId"/>).</summary>
    Escalated,
}

/// <summary>Whether a message came in or went out.</summary>
public enum MessageDirection
{
    In,
    Out,
}

/// <summary>What a message is to its request beyond its direction: the conversation with the customer, or one with an external party.</summary>
public enum MessageKind
{
    /// <summary>From or to the customer.</summary>
    Customer,

    /// <summary>The request forwarded to an external contact, whose answer goes back to the customer (external forwarding without closure).</summary>
    Forward,

    /// <summary>The external contact's answer to a forward, received at the reply account and passed on to the customer.</summary>
    ForwardAnswer,

    /// <summary>A question of the agent's to an external party (a 2nd-level query).</summary>
    SecondLevelQuery,

    /// <summary>The external party's answer to a 2nd-level query, received at the 2nd-level reply account.</summary>
    SecondLevelAnswer,

    /// <summary>A reminder to the external contact a forward has not been answered by.</summary>
    Reminder,
}

/// <summary>How far a request has gone past its category's KPI goal, as the supervisors were told.</summary>
public enum KpiState
{
    InTime,

    /// <summary>Past the warning threshold.</summary>
    Warning,

    /// <summary>Past the goal.</summary>
    Overdue,
}

/// <summary>How far an outbound message has got.</summary>
public enum DeliveryState
{
    /// <summary>In the outbox, not sent yet (or to be tried again).</summary>
    Pending,

    /// <summary>Accepted by the SMTP server.</summary>
    Sent,

    /// <summary>Every attempt failed; the request shows why.</summary>
    Failed,
}

public sealed partial class Request
{
    public const int SubjectMaxLength = 1000;
    public const int TokenLength = 16;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Per tenant, counting up from 1: what an agent reads out on the phone and the subject tag <c>[#n]</c> carries.</summary>
    public long Number { get; set; }

    /// <summary>
    /// An unguessable token (lower-case base32) our outgoing Message-IDs and <c>reply+token@</c> addresses carry, so a
    /// reply finds its request without trusting anything the sender could guess.
    /// </summary>
    public required string Token { get; set; }

    public string Subject { get; set; } = "";

    public RequestStatus Status { get; set; } = RequestStatus.Open;

    public Guid? CategoryId { get; set; }

    public Category? Category { get; set; }

    public RequestPriority Priority { get; set; } = RequestPriority.Normal;

    public Guid? ContactId { get; set; }

    public Contact? Contact { get; set; }

    /// <summary>The sender's address when the request was started (kept when the contact is deleted).</summary>
    public string? ContactEmail { get; set; }

    public Guid? PartitionId { get; set; }

    /// <summary>The request a mail tagged with this one's number came from when its sender was not on this one's conversation.</summary>
    public Guid? LinkedRequestId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the category's service level falls due, in the tenant's business hours; null without a service level.</summary>
    public DateTime? DueAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>How many messages the request has (kept with them, so the list needs no count per row).</summary>
    public int MessageCount { get; set; }

    /// <summary>The person (catalog user id) working on the request; null while nobody has taken it.</summary>
    public Guid? AssigneeId { get; set; }

    /// <summary>
    /// Since when the request waits for an external contact it was forwarded to (the 2nd-level folder); null when it
    /// does not. It stays open meanwhile.
    /// </summary>
    public DateTime? SecondLevelSince { get; set; }

    /// <summary>The external contact the request was last forwarded to.</summary>
    public string? ForwardedTo { get; set; }

    /// <summary>When the agent is to be told that the external contact has not answered yet; null once told or answered.</summary>
    public DateTime? ForwardReminderAt { get; set; }

    /// <summary>
    /// When the category's KPI warning threshold is reached (its share of the KPI goal, in business hours, time spent
    /// waiting for the customer left out); null when the category has no KPI goal.
    /// </summary>
    public DateTime? KpiWarnAt { get; set; }

    /// <summary>When the category's KPI goal is reached, counted as <see cref="KpiWarnAt"/>.</summary>
    public DateTime? KpiDueAt { get; set; }

    /// <summary>Since when the KPI clock stands still (the request waits for the customer, or is closed).</summary>
    public DateTime? KpiPausedAt { get; set; }

    /// <summary>Which KPI crossing the supervisors have been told of, so each crossing is told once.</summary>
    public KpiState KpiState { get; set; }

    public List<RequestMessage> Messages { get; } = [];
}

/// <summary>One e-mail of a request's conversation, received or sent.</summary>
public sealed class RequestMessage
{
    public const int MessageIdMaxLength = 998;
    public const int AddressMaxLength = 320;
    public const int NameMaxLength = 320;
    public const int AddressListMaxLength = 20_000;
    public const int ReferencesMaxLength = 20_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public MessageDirection Direction { get; set; }

    public MessageKind Kind { get; set; }

    /// <summary>Outbound only: the person (catalog user id) who wrote it; null for the system's own mail.</summary>
    public Guid? AuthorId { get; set; }

    /// <summary>The RFC 5322 Message-ID without angle brackets; null for received mail that had none.</summary>
    public string? MessageId { get; set; }

    /// <summary>SHA-256 of <see cref="MessageId"/> (lower-case hex): the indexed key replies are threaded by.</summary>
    public string? MessageIdHash { get; set; }

    /// <summary>
    /// SHA-256 (lower-case hex) of what a resent copy of the same mail keeps: its Message-ID, the headers its author
    /// wrote (From, To, Cc, Subject, Date, In-Reply-To, References) and everything after its header block. With the Message-ID it recognises one mail reaching two accounts (or one account again after a
    /// UIDVALIDITY change with rewritten trace headers); a reused Message-ID with other content differs here.
    /// </summary>
    public string? ContentHash { get; set; }

    public string? InReplyTo { get; set; }

    /// <summary>The References ids, separated by spaces, oldest first.</summary>
    public string? References { get; set; }

    public string? FromName { get; set; }

    public string? FromAddress { get; set; }

    /// <summary>The To mailboxes as a JSON array of <c>{ "name", "address" }</c>.</summary>
    public string To { get; set; } = "[]";

    /// <summary>The Cc mailboxes as a JSON array of <c>{ "name", "address" }</c>.</summary>
    public string Cc { get; set; } = "[]";

    public string? Subject { get; set; }

    /// <summary>The Date header (UTC); null when missing or unreadable.</summary>
    public DateTime? Date { get; set; }

    /// <summary>When we received it (inbound) or wrote it (outbound).</summary>
    public DateTime ReceivedAt { get; set; }

    /// <summary>The header block as received or sent.</summary>
    public string? Headers { get; set; }

    public string? Text { get; set; }

    /// <summary>
    /// Whether <see cref="Text"/> is in the text search's index yet. Messages are written without (indexing a whole body
    /// cost the ingest most of its rate) and indexed behind it in batches; the search scans the few not indexed yet.
    /// </summary>
    public bool TextIndexed { get; set; }

    /// <summary>The HTML body as received; sanitised whenever it is shown.</summary>
    public string? Html { get; set; }

    /// <summary>The stored original (inbound mail).</summary>
    public Guid? RawMailId { get; set; }

    /// <summary>The inbound or system account it was fetched from.</summary>
    public Guid? AccountId { get; set; }

    /// <summary>An automatic message (RFC 3834 Auto-Submitted, a bounce): recorded, never answered automatically.</summary>
    public bool IsAutomatic { get; set; }

    /// <summary>Outbound only: how far delivery got.</summary>
    public DeliveryState? Delivery { get; set; }

    /// <summary>Outbound only: why the last delivery attempt failed.</summary>
    public string? DeliveryError { get; set; }

    public List<MessageAttachment> Attachments { get; } = [];
}

/// <summary>An attachment or inline part of a message, with its content.</summary>
public sealed class MessageAttachment
{
    public const int NameMaxLength = 255;
    public const int ContentTypeMaxLength = 255;
    public const int ContentIdMaxLength = 998;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid MessageId { get; set; }

    /// <summary>Order in the message, from 0.</summary>
    public int Position { get; set; }

    public string? Name { get; set; }

    public required string ContentType { get; set; }

    public string? ContentId { get; set; }

    public bool IsInline { get; set; }

    public long Size { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }
}

/// <summary>An internal note on a request; never sent to the customer.</summary>
public sealed class RequestNote
{
    public const int AuthorMaxLength = 320;
    public const int TextMaxLength = 20_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public DateTime At { get; set; }

    public required string Author { get; set; }

    public required string Text { get; set; }
}

/// <summary>
/// An answer being written: one per person and request, saved while the agent types and removed when the answer is
/// sent. Nobody else sees it.
/// </summary>
public sealed class ReplyDraft
{
    public const int AddressesMaxLength = 4000;
    public const int AttachmentIdsMaxLength = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    /// <summary>The person writing it (catalog user id).</summary>
    public Guid PersonId { get; set; }

    /// <summary>The answer's HTML as the editor holds it (sanitised when saved).</summary>
    public string Body { get; set; } = "";

    /// <summary>Recipients as typed, comma-separated.</summary>
    public string? To { get; set; }

    public string? Cc { get; set; }

    public Guid? TemplateId { get; set; }

    /// <summary>Chosen attachments (prepared or own), comma-separated ids.</summary>
    public string AttachmentIds { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One change of a request: created, a message added, a field changed (old and new value).</summary>
public sealed class RequestHistoryEntry
{
    public const int ActorMaxLength = 320;
    public const int ChangeMaxLength = 50;
    public const int FieldMaxLength = 100;
    public const int ValueMaxLength = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    public required string Change { get; set; }

    public string? Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }
}

/// <summary>
/// The bytes of a received message exactly as the server sent them, with their SHA-256 — in this table, or in the
/// content-addressed file store (<c>Mail:StoreDirectory</c>) when <see cref="Content"/> is null. Stored (and
/// committed) before the server copy is flagged, moved or deleted; one row per distinct content.
/// </summary>
public sealed class RawMail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>SHA-256 of the bytes, lower-case hex; unique in the tenant.</summary>
    public required string Sha256 { get; set; }

    public long Size { get; set; }

    /// <summary>The bytes; null when they live in the file store.</summary>
    public byte[]? Content { get; set; }

    public DateTime StoredAt { get; set; }
}

/// <summary>
/// The tenant's last request number, in one row (<see cref="SingleId"/>): a writer raises it by the requests it creates,
/// in the transaction that creates them, so the row lock hands out numbers one writer after the other without gaps,
/// and a rolled-back transaction gives its numbers back.
/// </summary>
public sealed class RequestCounter
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    /// <summary>The highest number handed out; the next request gets one more.</summary>
    public long Last { get; set; }
}

/// <summary>What became of a fetched server message.</summary>
public enum ReceiptOutcome
{
    /// <summary>It became a request message.</summary>
    Message,

    /// <summary>Its content had already been received (the same bytes, from this or another account).</summary>
    Duplicate,

    /// <summary>It is in quarantine.</summary>
    Quarantined,
}

/// <summary>
/// That a server message was received: (account, UIDVALIDITY, UID) for IMAP, (account, 0, UIDL) for POP3. Written in
/// the same transaction as what the message became, so fetching it again after a crash creates nothing twice.
/// </summary>
public sealed class MailReceipt
{
    public const int UidMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    /// <summary>IMAP's UIDVALIDITY of the folder; 0 for POP3.</summary>
    public long UidValidity { get; set; }

    /// <summary>The IMAP UID (decimal) or the POP3 UIDL id.</summary>
    public required string Uid { get; set; }

    public Guid RawMailId { get; set; }

    public DateTime ReceivedAt { get; set; }

    public ReceiptOutcome Outcome { get; set; }

    /// <summary>The request message it became (or the one it duplicates); null in quarantine.</summary>
    public Guid? RequestMessageId { get; set; }
}

/// <summary>A received message that could not become a request message: kept with its reason until retried or deleted.</summary>
public sealed class QuarantinedMail
{
    public const int ReasonMaxLength = 2000;
    public const int ReasonCodeMaxLength = 50;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The account it was fetched from; null when it was put back by hand.</summary>
    public Guid? AccountId { get; set; }

    public Guid RawMailId { get; set; }

    public RawMail? RawMail { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>A stable code: <c>unparseable</c>, <c>too-large</c>, <c>unroutable</c>.</summary>
    public required string ReasonCode { get; set; }

    /// <summary>What went wrong, for the administrator.</summary>
    public required string Reason { get; set; }
}

/// <summary>An outgoing message waiting in the transactional outbox (written with the change that sends it).</summary>
public sealed class OutboxMessage
{
    public const int ErrorMaxLength = 2000;
    public const int RecipientsMaxLength = 20_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The request message it delivers (its <see cref="RequestMessage.Delivery"/> follows this row).</summary>
    public Guid RequestMessageId { get; set; }

    /// <summary>Fixed before the first attempt, so a retry sends the same message.</summary>
    public required string MessageId { get; set; }

    /// <summary>The envelope sender.</summary>
    public required string Sender { get; set; }

    /// <summary>The envelope recipients, one per line.</summary>
    public required string Recipients { get; set; }

    /// <summary>The complete MIME message as it goes out.</summary>
    public required byte[] Content { get; set; }

    public DeliveryState State { get; set; } = DeliveryState.Pending;

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Not tried before this time (back-off).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A sender has claimed the row until then; another sender leaves it alone meanwhile.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class RequestConfiguration : IEntityTypeConfiguration<Request>
{
    public void Configure(EntityTypeBuilder<Request> request)
    {
        request.Property(r => r.Id).ValueGeneratedNever();
        request.Property(r => r.Token).HasMaxLength(Request.TokenLength);
        request.Property(r => r.Subject).HasMaxLength(Request.SubjectMaxLength);
        request.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        request.Property(r => r.Priority).HasConversion<string>().HasMaxLength(20);
        request.Property(r => r.ContactEmail).HasMaxLength(RequestMessage.AddressMaxLength);
        request.HasIndex(r => r.Number).IsUnique();
        request.HasIndex(r => r.AssigneeId);
        request.HasIndex(r => r.ForwardReminderAt);
        request.Property(r => r.KpiState).HasConversion<string>().HasMaxLength(20);
        // The KPI job looks for open requests past their warning time not yet told of.
        request.HasIndex(r => new { r.KpiWarnAt, r.Status, r.KpiState });
        request.Property(r => r.ForwardedTo).HasMaxLength(RequestMessage.AddressMaxLength);
        request.HasIndex(r => r.Token).IsUnique();
        request.HasIndex(r => new { r.Status, r.UpdatedAt });
        // The list's filters and orders with the id, so that a page's ids come from the index alone (IndexRequestLists).
        request.HasIndex(r => new { r.Status, r.DueAt, r.Number, r.CategoryId, r.Id });
        request.HasIndex(r => new { r.CategoryId, r.UpdatedAt, r.Number, r.Status, r.Id });
        request.HasIndex(r => r.ContactEmail);
        request.HasOne(r => r.Category).WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
        request.HasOne(r => r.Contact).WithMany().HasForeignKey(r => r.ContactId).OnDelete(DeleteBehavior.SetNull);
        request.HasOne<ClientPartition>().WithMany().HasForeignKey(r => r.PartitionId).OnDelete(DeleteBehavior.Restrict);
        request.HasMany(r => r.Messages).WithOne().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestMessageConfiguration : IEntityTypeConfiguration<RequestMessage>
{
    public void Configure(EntityTypeBuilder<RequestMessage> message)
    {
        message.Property(m => m.Id).ValueGeneratedNever();
        message.Property(m => m.Direction).HasConversion<string>().HasMaxLength(10);
        message.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.MessageId).HasMaxLength(RequestMessage.MessageIdMaxLength);
        message.Property(m => m.InReplyTo).HasMaxLength(RequestMessage.MessageIdMaxLength);
        message.Property(m => m.References).HasMaxLength(RequestMessage.ReferencesMaxLength);
        message.Property(m => m.FromName).HasMaxLength(RequestMessage.NameMaxLength);
        message.Property(m => m.FromAddress).HasMaxLength(RequestMessage.AddressMaxLength);
        message.Property(m => m.To).HasMaxLength(RequestMessage.AddressListMaxLength);
        message.Property(m => m.Cc).HasMaxLength(RequestMessage.AddressListMaxLength);
        message.Property(m => m.Subject).HasMaxLength(Request.SubjectMaxLength);
        message.Property(m => m.Delivery).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.DeliveryError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        message.Property(m => m.TextIndexed).HasDefaultValue(false);
        message.HasIndex(m => new { m.RequestId, m.ReceivedAt });
        // Threading looks replies up by the ids they refer to; 998 characters is past SQL Server's key limit, so the
        // index is over a prefix-free hash instead: the lookup compares the full id after the index narrows it.
        message.HasIndex(m => m.MessageIdHash);
        message.Property(m => m.MessageIdHash).HasMaxLength(64);
        message.Property(m => m.ContentHash).HasMaxLength(64);
        message.HasOne<RawMail>().WithMany().HasForeignKey(m => m.RawMailId).OnDelete(DeleteBehavior.Restrict);
        message.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageAttachmentConfiguration : IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<MessageAttachment> attachment)
    {
        attachment.Property(a => a.Id).ValueGeneratedNever();
        attachment.Property(a => a.Name).HasMaxLength(MessageAttachment.NameMaxLength);
        attachment.Property(a => a.ContentType).HasMaxLength(MessageAttachment.ContentTypeMaxLength);
        attachment.Property(a => a.ContentId).HasMaxLength(MessageAttachment.ContentIdMaxLength);
        attachment.Property(a => a.Sha256).HasMaxLength(64);
        attachment.HasIndex(a => new { a.MessageId, a.Position });
    }
}

internal sealed class RequestNoteConfiguration : IEntityTypeConfiguration<RequestNote>
{
    public void Configure(EntityTypeBuilder<RequestNote> note)
    {
        note.Property(n => n.Id).ValueGeneratedNever();
        note.Property(n => n.Author).HasMaxLength(RequestNote.AuthorMaxLength);
        note.Property(n => n.Text).HasMaxLength(RequestNote.TextMaxLength);
        note.HasIndex(n => new { n.RequestId, n.At });
        note.HasOne<Request>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReplyDraftConfiguration : IEntityTypeConfiguration<ReplyDraft>
{
    public void Configure(EntityTypeBuilder<ReplyDraft> draft)
    {
        draft.Property(d => d.Id).ValueGeneratedNever();
        draft.Property(d => d.To).HasMaxLength(ReplyDraft.AddressesMaxLength);
        draft.Property(d => d.Cc).HasMaxLength(ReplyDraft.AddressesMaxLength);
        draft.Property(d => d.AttachmentIds).HasMaxLength(ReplyDraft.AttachmentIdsMaxLength);
        draft.HasIndex(d => new { d.RequestId, d.PersonId }).IsUnique();
        draft.HasOne<Request>().WithMany().HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestHistoryEntryConfiguration : IEntityTypeConfiguration<RequestHistoryEntry>
{
    public void Configure(EntityTypeBuilder<RequestHistoryEntry> entry)
    {
        entry.ToTable("RequestHistory");
        entry.Property(h => h.Id).ValueGeneratedNever();
        entry.Property(h => h.Actor).HasMaxLength(RequestHistoryEntry.ActorMaxLength);
        entry.Property(h => h.Change).HasMaxLength(RequestHistoryEntry.ChangeMaxLength);
        entry.Property(h => h.Field).HasMaxLength(RequestHistoryEntry.FieldMaxLength);
        entry.Property(h => h.OldValue).HasMaxLength(RequestHistoryEntry.ValueMaxLength);
        entry.Property(h => h.NewValue).HasMaxLength(RequestHistoryEntry.ValueMaxLength);
        entry.HasIndex(h => new { h.RequestId, h.At });
        entry.HasOne<Request>().WithMany().HasForeignKey(h => h.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RawMailConfiguration : IEntityTypeConfiguration<RawMail>
{
    public void Configure(EntityTypeBuilder<RawMail> raw)
    {
        raw.ToTable("RawMails");
        raw.Property(r => r.Id).ValueGeneratedNever();
        raw.Property(r => r.Sha256).HasMaxLength(64);
        raw.HasIndex(r => r.Sha256).IsUnique();
    }
}

internal sealed class RequestCounterConfiguration : IEntityTypeConfiguration<RequestCounter>
{
    public void Configure(EntityTypeBuilder<RequestCounter> counter) => counter.Property(c => c.Id).ValueGeneratedNever();
}

internal sealed class MailReceiptConfiguration : IEntityTypeConfiguration<MailReceipt>
{
    public void Configure(EntityTypeBuilder<MailReceipt> receipt)
    {
        receipt.Property(r => r.Id).ValueGeneratedNever();
        receipt.Property(r => r.Uid).HasMaxLength(MailReceipt.UidMaxLength);
        receipt.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        receipt.HasIndex(r => new { r.AccountId, r.UidValidity, r.Uid }).IsUnique();
        receipt.HasIndex(r => r.RawMailId);
        receipt.HasOne<RawMail>().WithMany().HasForeignKey(r => r.RawMailId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuarantinedMailConfiguration : IEntityTypeConfiguration<QuarantinedMail>
{
    public void Configure(EntityTypeBuilder<QuarantinedMail> quarantined)
    {
        quarantined.ToTable("Quarantine");
        quarantined.Property(q => q.Id).ValueGeneratedNever();
        quarantined.Property(q => q.ReasonCode).HasMaxLength(QuarantinedMail.ReasonCodeMaxLength);
        quarantined.Property(q => q.Reason).HasMaxLength(QuarantinedMail.ReasonMaxLength);
        quarantined.HasIndex(q => q.ReceivedAt);
        quarantined.HasOne(q => q.RawMail).WithMany().HasForeignKey(q => q.RawMailId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> outbox)
    {
        outbox.ToTable("Outbox");
        outbox.Property(o => o.Id).ValueGeneratedNever();
        outbox.Property(o => o.MessageId).HasMaxLength(RequestMessage.MessageIdMaxLength);
        outbox.Property(o => o.Sender).HasMaxLength(RequestMessage.AddressMaxLength);
        outbox.Property(o => o.Recipients).HasMaxLength(OutboxMessage.RecipientsMaxLength);
        outbox.Property(o => o.State).HasConversion<string>().HasMaxLength(20);
        outbox.Property(o => o.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        outbox.HasIndex(o => new { o.State, o.NextAttemptAt });
        outbox.HasIndex(o => o.RequestMessageId).IsUnique();
        outbox.HasOne<RequestMessage>().WithMany().HasForeignKey(o => o.RequestMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
