using MimeKit;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// What the product reads from a received message, taken from MimeKit's <see cref="MimeMessage"/> by
/// <see cref="MessageReader"/>: ids, addresses, subject, date, the text and HTML bodies and the attachments, with
/// every problem found on the way in <see cref="Problems"/>. Everything else is on <see cref="Mime"/>.
/// </summary>
public sealed class ReceivedMessage
{
    internal ReceivedMessage(MimeMessage mime, IReadOnlyList<MessageProblem> problems, MessageFields fields)
    {
        Mime = mime;
        Problems = problems;
        MessageId = fields.MessageId;
        InReplyTo = fields.InReplyTo;
        References = fields.References;
        Subject = fields.Subject;
        From = fields.From;
        To = fields.To;
        Cc = fields.Cc;
        ReplyTo = fields.ReplyTo;
        Date = fields.Date;
        TextBody = fields.TextBody;
        HtmlBody = fields.HtmlBody;
        Attachments = fields.Attachments;
    }

    /// <summary>The message as MimeKit parsed it.</summary>
    public MimeMessage Mime { get; }

    /// <summary>Problems found while reading; empty for a clean message.</summary>
    public IReadOnlyList<MessageProblem> Problems { get; }

    /// <summary>The Message-ID without angle brackets, or null (reported; none is invented).</summary>
    public string? MessageId { get; }

    /// <summary>The first id of In-Reply-To, or null.</summary>
    public string? InReplyTo { get; }

    /// <summary>The ids of References, oldest first.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>The decoded Subject, or null when there is none.</summary>
    public string? Subject { get; }

    /// <summary>The From mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> From { get; }

    /// <summary>The To mailboxes (group members included).</summary>
    public IReadOnlyList<MailboxAddress> To { get; }

    /// <summary>The Cc mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> Cc { get; }

    /// <summary>The Reply-To mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> ReplyTo { get; }

    /// <summary>The Date, or null when missing or unreadable.</summary>
    public DateTimeOffset? Date { get; }

    /// <summary>The first plain-text body that is not an attachment, decoded, line breaks as "\n"; null when there is none.</summary>
    public string? TextBody { get; }

    /// <summary>The first HTML body that is not an attachment, decoded, line breaks as "\n"; null when there is none.</summary>
    public string? HtmlBody { get; }

    /// <summary>The parts that are not the text or HTML body, in message order.</summary>
    public IReadOnlyList<ReceivedAttachment> Attachments { get; }
}

/// <summary>An attachment or inline part of a received message.</summary>
/// <param name="Entity">The MimeKit entity: a <see cref="MimePart"/> or an embedded <see cref="MessagePart"/>.</param>
/// <param name="FileName">The file name, or null.</param>
/// <param name="ContentType">"type/subtype".</param>
/// <param name="ContentId">The Content-ID without angle brackets, or null.</param>
/// <param name="IsInline">Shown inline: disposition inline, or a Content-ID without disposition attachment.</param>
/// <param name="Size">The decoded size in bytes.</param>
public sealed record ReceivedAttachment(MimeEntity Entity, string? FileName, string ContentType, string? ContentId, bool IsInline, long Size)
{
    /// <summary>The decoded content (tolerant of unpadded base64), or an embedded message as written.</summary>
    public Stream OpenRead()
    {
        if (Entity is MimePart part)
        {
            return new MemoryStream(PartContent.Decode(part, out _), writable: false);
        }

        var written = new MemoryStream();
        ((MessagePart)Entity).Message?.WriteTo(written);
        written.Position = 0;
        return written;
    }
}

/// <summary>The fields <see cref="MessageReader"/> reads, handed to <see cref="ReceivedMessage"/> in one piece.</summary>
internal sealed record MessageFields(
    string? MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string? Subject,
    IReadOnlyList<MailboxAddress> From,
    IReadOnlyList<MailboxAddress> To,
    IReadOnlyList<MailboxAddress> Cc,
    IReadOnlyList<MailboxAddress> ReplyTo,
    DateTimeOffset? Date,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyList<ReceivedAttachment> Attachments);
