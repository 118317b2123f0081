namespace ContactCenter.Mail.Mime;

/// <summary>
/// A parsed message (RFC 5322 + MIME). Header fields are read into typed properties when the message is loaded;
/// problems found on the way are in <see cref="Errors"/>, never thrown, except a limit when the options ask for that.
/// </summary>
public sealed class MimeMessage
{
    private readonly List<MimeError> _errors;

    internal MimeMessage(MimeEntity body, List<MimeError> errors)
    {
        Body = body;
        _errors = errors;
        var headers = body.Headers;
        var messageId = headers["Message-ID"];
        MessageId = MimeEntity.FirstId(messageId);
        if (MessageId is null)
        {
            _errors.Add(new MimeError(MimeErrorKind.MissingMessageId, messageId is null ? "no Message-ID header" : $"unreadable Message-ID '{messageId}'"));
        }

        InReplyToIds = MessageIdParser.Parse(headers["In-Reply-To"]);
        References = MessageIdParser.Parse(string.Join(' ', headers.FindAll("References").Select(h => h.Value)));
        Subject = headers.Find("Subject")?.DecodedValue;
        From = Addresses("From");
        Sender = Addresses("Sender");
        To = Addresses("To");
        Cc = Addresses("Cc");
        Bcc = Addresses("Bcc");
        ReplyTo = Addresses("Reply-To");
        var date = headers["Date"];
        Date = DateParser.Parse(date);
        if (date is not null && Date is null)
        {
            _errors.Add(new MimeError(MimeErrorKind.InvalidDate, $"unreadable Date '{date}'"));
        }

        var (text, html) = MimeBodies.Find(body);
        TextBody = text is null ? null : DecodeText(text);
        HtmlBody = html is null ? null : DecodeText(html);
        Attachments = MimeBodies.Attachments(body, text, html);
    }

    /// <summary>The top entity: the message's own headers and body.</summary>
    public MimeEntity Body { get; }

    /// <summary>The message's header fields in order, duplicates kept.</summary>
    public HeaderList Headers => Body.Headers;

    /// <summary>Problems found while parsing; empty for a clean message.</summary>
    public IReadOnlyList<MimeError> Errors => _errors;

    /// <summary>The Message-ID without angle brackets, or null (reported in <see cref="Errors"/>; none is invented).</summary>
    public string? MessageId { get; }

    /// <summary>The first id of In-Reply-To, or null.</summary>
    public string? InReplyTo => InReplyToIds.Count > 0 ? InReplyToIds[0] : null;

    /// <summary>All ids of In-Reply-To.</summary>
    public IReadOnlyList<string> InReplyToIds { get; }

    /// <summary>The ids of References, oldest first.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>The decoded Subject, or null.</summary>
    public string? Subject { get; }

    /// <summary>The From mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> From { get; }

    /// <summary>The Sender mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> Sender { get; }

    /// <summary>The To mailboxes (group members included, with their group name).</summary>
    public IReadOnlyList<MailboxAddress> To { get; }

    /// <summary>The Cc mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> Cc { get; }

    /// <summary>The Bcc mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> Bcc { get; }

    /// <summary>The Reply-To mailboxes.</summary>
    public IReadOnlyList<MailboxAddress> ReplyTo { get; }

    /// <summary>The Date, or null when missing or unreadable.</summary>
    public DateTimeOffset? Date { get; }

    /// <summary>The best plain-text body, decoded, line breaks as "\n"; null when the message has none.</summary>
    public string? TextBody { get; }

    /// <summary>The best HTML body, decoded, line breaks as "\n"; null when the message has none.</summary>
    public string? HtmlBody { get; }

    /// <summary>The attachments and inline parts that are not the text or HTML body, in message order.</summary>
    public IReadOnlyList<MimeAttachment> Attachments { get; }

    /// <summary>Reads and parses a message from <paramref name="stream"/>.</summary>
    /// <exception cref="MimeLimitExceededException">The message exceeds a limit and <see cref="MimeParserOptions.ThrowOnLimitExceeded"/> is set.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static MimeMessage Load(Stream stream, MimeParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= MimeParserOptions.Default;
        var errors = new List<MimeError>();
        var data = MessageReader.Read(stream, options, errors);
        return Parse(data, options, errors, CancellationToken.None);
    }

    /// <summary>Reads and parses a message from <paramref name="stream"/> asynchronously.</summary>
    /// <exception cref="MimeLimitExceededException">The message exceeds a limit and <see cref="MimeParserOptions.ThrowOnLimitExceeded"/> is set.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<MimeMessage> LoadAsync(Stream stream, MimeParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= MimeParserOptions.Default;
        var errors = new List<MimeError>();
        var data = await MessageReader.ReadAsync(stream, options, errors, cancellationToken).ConfigureAwait(false);
        return Parse(data, options, errors, cancellationToken);
    }

    /// <summary>Parses a message held in memory (the memory is kept, not copied).</summary>
    /// <exception cref="MimeLimitExceededException">The message exceeds a limit and <see cref="MimeParserOptions.ThrowOnLimitExceeded"/> is set.</exception>
    public static MimeMessage Parse(ReadOnlyMemory<byte> message, MimeParserOptions? options = null)
    {
        options ??= MimeParserOptions.Default;
        var errors = new List<MimeError>();
        if (message.Length > options.MaxMessageBytes)
        {
            MessageReader.Exceeded(options, errors);
            message = message[..(int)options.MaxMessageBytes];
        }

        return Parse(message, options, errors, CancellationToken.None);
    }

    private static MimeMessage Parse(ReadOnlyMemory<byte> data, MimeParserOptions options, List<MimeError> errors, CancellationToken cancellationToken)
    {
        var root = new MimeParser(data, options, errors, cancellationToken).Parse();
        return new MimeMessage(root, errors);
    }

    private IReadOnlyList<MailboxAddress> Addresses(string name)
    {
        var header = Body.Headers.Find(name);
        if (header is null)
        {
            return [];
        }

        var problems = new List<string>();
        var list = AddressParser.Parse(header.Value, problems);
        foreach (var problem in problems.Take(10))
        {
            _errors.Add(new MimeError(MimeErrorKind.InvalidAddress, $"{name}: {problem}"));
        }

        return list;
    }

    private string DecodeText(MimeEntity entity)
    {
        var text = entity.GetText(out var damaged, out var unknownCharset);
        if (damaged)
        {
            _errors.Add(new MimeError(MimeErrorKind.InvalidEncoding, $"damaged base64 in {entity.ContentType.MimeType} body"));
        }

        if (unknownCharset)
        {
            _errors.Add(new MimeError(MimeErrorKind.UnknownCharset, $"unknown charset '{entity.ContentType.Charset}' in {entity.ContentType.MimeType} body, read as UTF-8/windows-1252"));
        }

        return text;
    }
}

/// <summary>An attachment or inline part of a message.</summary>
public sealed class MimeAttachment
{
    internal MimeAttachment(MimeEntity entity) => Entity = entity;

    /// <summary>The entity that holds it.</summary>
    public MimeEntity Entity { get; }

    /// <summary>The file name (filename*, filename, name*, name), or null.</summary>
    public string? FileName => Entity.FileName;

    /// <summary>"type/subtype".</summary>
    public string ContentType => Entity.ContentType.MimeType;

    /// <summary>The Content-ID without angle brackets, or null.</summary>
    public string? ContentId => Entity.ContentId;

    /// <summary>True when the part is shown inline (disposition inline, or a Content-ID without disposition attachment).</summary>
    public bool IsInline => !Entity.IsAttachment && (Entity.ContentDisposition?.IsInline == true || Entity.ContentId is not null);

    /// <summary>The decoded size in bytes.</summary>
    public long Size => Entity.DecodedSize;

    /// <summary>Opens the decoded content; base64 is decoded while reading, so large attachments are not held twice.</summary>
    public Stream OpenRead() => Entity.OpenContent();
}
