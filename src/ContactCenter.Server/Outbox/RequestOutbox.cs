using System.Security.Cryptography;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Messages;
using ContactCenter.Server.Requests;
using Hangfire;
using MimeKit;

namespace ContactCenter.Server.Outbox;

/// <summary>
/// The transactional outbox: an outgoing message of a request is written to the tenant database in the same
/// transaction as the change that sends it (the caller's <c>SaveChanges</c>), so the mail goes out exactly when that
/// change is committed. <see cref="OutboxSendJob"/> delivers it; <see cref="Kick"/> after the commit makes that prompt,
/// and <see cref="OutboxSweepJob"/> finds whatever a kick missed.
/// </summary>
public sealed class RequestOutbox(IBackgroundJobClient jobs, TimeProvider time)
{
    public const string MessageOutChange = "message-out";

    // Addresses stay readable in the database ("+", umlauts); the column is never written into HTML unencoded.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Fixes the Message-ID (one of ours, carrying the request's token) and the Date of <paramref name="message"/>, and
    /// adds to <paramref name="db"/>: the outbound request message (pending), its attachments, the outbox row with the
    /// complete message and its envelope, and a history entry. Saves nothing: the caller's <c>SaveChanges</c> commits
    /// the mail together with its own change, or neither.
    /// </summary>
    /// <exception cref="ArgumentException">The message has no From address or no recipient.</exception>
    public RequestMessage Enqueue(TenantDbContext db, Request request, MimeMessage message, string actor)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(message);
        var from = message.From.Mailboxes.FirstOrDefault() ?? throw new ArgumentException("The message has no From address.", nameof(message));
        var sender = message.Sender ?? from;
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .Select(m => m.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0)
        {
            throw new ArgumentException("The message has no recipient.", nameof(message));
        }

        var now = time.GetUtcNow().UtcDateTime;
        message.MessageId = RequestTokens.NewMessageId(request.Token, from.Domain);
        message.Date = new DateTimeOffset(now);
        var content = Write(message);
        // The record is read back from the bytes that go out, the way received mail is read, so both look alike.
        var sent = MessageReader.Read(content);
        var record = new RequestMessage
        {
            RequestId = request.Id,
            Direction = MessageDirection.Out,
            MessageId = message.MessageId,
            MessageIdHash = Sha256(System.Text.Encoding.UTF8.GetBytes(message.MessageId)),
            InReplyTo = sent.InReplyTo,
            References = sent.References.Count > 0 ? string.Join(' ', sent.References) : null,
            FromName = string.IsNullOrEmpty(from.Name) ? null : from.Name,
            FromAddress = from.Address,
            To = Addresses(sent.To),
            Cc = Addresses(sent.Cc),
            Subject = sent.Subject,
            Date = now,
            ReceivedAt = now,
            Headers = HeaderBlock(message),
            Text = sent.TextBody,
            Html = sent.HtmlBody,
            Delivery = DeliveryState.Pending,
        };
        record.Attachments.AddRange(sent.Attachments.Select((attachment, position) => Attachment(attachment, position)));
        db.RequestMessages.Add(record);
        db.Outbox.Add(new OutboxMessage
        {
            RequestMessageId = record.Id,
            MessageId = message.MessageId,
            Sender = sender.Address,
            Recipients = string.Join('\n', recipients),
            Content = content,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        db.RequestHistory.Add(new RequestHistoryEntry
        {
            RequestId = request.Id, At = now, Actor = actor, Change = MessageOutChange, NewValue = message.MessageId,
        });
        request.MessageCount++;
        request.UpdatedAt = now;
        return record;
    }

    /// <summary>Starts delivering the tenant's outbox now; call it after the commit that wrote the message.</summary>
    public void Kick(Guid tenantId) => jobs.Enqueue<OutboxSendJob>(job => job.RunAsync(tenantId, CancellationToken.None));

    private static byte[] Write(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(FormatOptions.Default, buffer);
        return buffer.ToArray();
    }

    private static string HeaderBlock(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.Headers.WriteTo(FormatOptions.Default, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Addresses(IEnumerable<MailboxAddress> mailboxes) =>
        JsonSerializer.Serialize(mailboxes.Select(m => new MailboxItem(string.IsNullOrEmpty(m.Name) ? null : m.Name, m.Address)), Json);

    private static MessageAttachment Attachment(ReceivedAttachment attachment, int position)
    {
        using var stream = attachment.OpenRead();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var content = bytes.ToArray();
        return new MessageAttachment
        {
            Position = position,
            Name = attachment.FileName,
            ContentType = attachment.ContentType,
            ContentId = attachment.ContentId,
            IsInline = attachment.IsInline,
            Size = content.Length,
            Sha256 = Sha256(content),
            Content = content,
        };
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>One mailbox of <see cref="RequestMessage.To"/> and <see cref="RequestMessage.Cc"/>.</summary>
    private sealed record MailboxItem(string? Name, string Address);
}
