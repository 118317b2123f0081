using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// Builds and writes a message: text and/or HTML (multipart/alternative), inline images referenced by Content-ID
/// (multipart/related), attachments (multipart/mixed), reply headers and a Message-ID on a configured domain.
/// Header values are RFC 2047-encoded when not ASCII, file names RFC 2231-encoded, lines stay within 998 octets
/// (RFC 5322 §2.1.1); CR or LF in any value is refused, so no header can be injected.
/// </summary>
public sealed class MimeMessageBuilder
{
    private readonly List<Part> _attachments = [];
    private readonly List<Part> _inline = [];
    private readonly List<(string Name, string Value)> _headers = [];

    /// <summary>Creates a builder whose generated Message-IDs end in "@<paramref name="messageIdDomain"/>".</summary>
    /// <exception cref="ArgumentException">The domain is empty or holds characters a msg-id cannot.</exception>
    public MimeMessageBuilder(string messageIdDomain)
    {
        ValidateIdPart(messageIdDomain, "The Message-ID domain");
        MessageIdDomain = messageIdDomain;
    }

    /// <summary>The domain of generated Message-IDs.</summary>
    public string MessageIdDomain { get; }

    /// <summary>The Message-ID without brackets; generated on the configured domain when not set.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>The From mailboxes.</summary>
    public IList<MailboxAddress> From { get; } = [];

    /// <summary>The To mailboxes.</summary>
    public IList<MailboxAddress> To { get; } = [];

    /// <summary>The Cc mailboxes.</summary>
    public IList<MailboxAddress> Cc { get; } = [];

    /// <summary>The Reply-To mailboxes.</summary>
    public IList<MailboxAddress> ReplyTo { get; } = [];

    /// <summary>The subject.</summary>
    public string? Subject { get; set; }

    /// <summary>The Date; the time of writing when not set.</summary>
    public DateTimeOffset? Date { get; set; }

    /// <summary>The plain-text body; any line break style, written as CRLF.</summary>
    public string? TextBody { get; set; }

    /// <summary>The HTML body.</summary>
    public string? HtmlBody { get; set; }

    /// <summary>The id of the message this one replies to, without brackets.</summary>
    public string? InReplyTo { get; set; }

    /// <summary>The ids of the thread, oldest first, without brackets.</summary>
    public IList<string> References { get; } = [];

    /// <summary>Creates a Message-ID "&lt;random[.token]@domain&gt;" without brackets; a token lets replies be matched to a request.</summary>
    /// <exception cref="ArgumentException">The domain or token holds characters a msg-id cannot.</exception>
    public static string CreateMessageId(string domain, string? token = null)
    {
        ValidateIdPart(domain, "The Message-ID domain");
        if (token is not null)
        {
            ValidateIdPart(token, "The Message-ID token");
        }

        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return (token is null ? random : token + "." + random) + "@" + domain;
    }

    /// <summary>Sets In-Reply-To and References to answer <paramref name="original"/> (RFC 5322 §3.6.4).</summary>
    public MimeMessageBuilder AnswerTo(MimeMessage original)
    {
        ArgumentNullException.ThrowIfNull(original);
        References.Clear();
        var thread = original.References.Count > 0 ? original.References : original.InReplyToIds.Count == 1 ? original.InReplyToIds : [];
        foreach (var id in thread)
        {
            References.Add(id);
        }

        if (original.MessageId is not null)
        {
            References.Add(original.MessageId);
            InReplyTo = original.MessageId;
        }

        return this;
    }

    /// <summary>Adds a header field; non-ASCII values are RFC 2047-encoded.</summary>
    /// <exception cref="ArgumentException">The name is not a field name, or the value holds CR, LF or NUL.</exception>
    public MimeMessageBuilder AddHeader(string name, string value)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => c is <= ' ' or >= (char)0x7F or ':'))
        {
            throw new ArgumentException($"'{name}' is not a header field name.", nameof(name));
        }

        HeaderFormatter.RejectLineBreaks(value, "A header value");
        _headers.Add((name, value));
        return this;
    }

    /// <summary>Adds an attachment.</summary>
    /// <exception cref="ArgumentException">The file name or content type holds CR or LF, or the content type is not type/subtype.</exception>
    public MimeMessageBuilder AddAttachment(string fileName, string contentType, ReadOnlyMemory<byte> content)
    {
        _attachments.Add(new Part(Check(fileName, "A file name"), CheckType(contentType), null, content));
        return this;
    }

    /// <summary>Adds an inline part (an image the HTML shows as "cid:<paramref name="contentId"/>").</summary>
    /// <exception cref="ArgumentException">An argument holds CR or LF, or the content id is not a msg-id.</exception>
    public MimeMessageBuilder AddInline(string contentId, string fileName, string contentType, ReadOnlyMemory<byte> content)
    {
        ValidateIdPart(contentId.Replace("@", string.Empty, StringComparison.Ordinal), "A Content-ID");
        _inline.Add(new Part(Check(fileName, "A file name"), CheckType(contentType), contentId, content));
        return this;
    }

    /// <summary>Writes the message. Generates <see cref="MessageId"/> first when it is empty.</summary>
    /// <exception cref="ArgumentException">A value is invalid (an address, a header with CR/LF).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = BuildHeaders();
        var body = BuildBody();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the message to a byte array.</summary>
    /// <exception cref="ArgumentException">A value is invalid (an address, a header with CR/LF).</exception>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        WriteToAsync(buffer).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    private StringBuilder BuildHeaders()
    {
        HeaderFormatter.RejectLineBreaks(Subject, "The subject");
        if (string.IsNullOrEmpty(MessageId))
        {
            MessageId = CreateMessageId(MessageIdDomain);
        }

        ValidateIdPart(MessageId.Replace("@", string.Empty, StringComparison.Ordinal), "The Message-ID");
        var head = new StringBuilder();
        HeaderFormatter.AppendField(head, "Date", DateParser.Format(Date ?? DateTimeOffset.Now));
        if (From.Count > 0)
        {
            HeaderFormatter.AppendField(head, "From", HeaderFormatter.Mailboxes(From));
        }

        if (To.Count > 0)
        {
            HeaderFormatter.AppendField(head, "To", HeaderFormatter.Mailboxes(To));
        }

        if (Cc.Count > 0)
        {
            HeaderFormatter.AppendField(head, "Cc", HeaderFormatter.Mailboxes(Cc));
        }

        if (ReplyTo.Count > 0)
        {
            HeaderFormatter.AppendField(head, "Reply-To", HeaderFormatter.Mailboxes(ReplyTo));
        }

        HeaderFormatter.AppendField(head, "Message-ID", "<" + MessageId + ">");
        if (InReplyTo is not null)
        {
            ValidateIdPart(InReplyTo.Replace("@", string.Empty, StringComparison.Ordinal), "In-Reply-To");
            HeaderFormatter.AppendField(head, "In-Reply-To", "<" + InReplyTo + ">");
        }

        if (References.Count > 0)
        {
            foreach (var id in References)
            {
                ValidateIdPart(id.Replace("@", string.Empty, StringComparison.Ordinal), "A reference");
            }

            HeaderFormatter.AppendField(head, "References", string.Join(' ', References.Select(id => "<" + id + ">")));
        }

        if (Subject is not null)
        {
            HeaderFormatter.AppendField(head, "Subject", EncodedWords.Encode(Subject));
        }

        foreach (var (name, value) in _headers)
        {
            HeaderFormatter.AppendField(head, name, EncodedWords.Encode(value));
        }

        HeaderFormatter.AppendField(head, "MIME-Version", "1.0");
        return head;
    }

    private Node BuildBody()
    {
        Node? text = TextBody is null ? null : TextNode("plain", TextBody);
        Node? html = HtmlBody is null ? null : TextNode("html", HtmlBody);
        var body = (text, html) switch
        {
            (not null, not null) => Node.Multipart("alternative", [text, html]),
            (not null, null) => text,
            (null, not null) => html,
            _ => TextNode("plain", string.Empty),
        };

        if (_inline.Count > 0)
        {
            body = Node.Multipart("related", [body, .. _inline.Select(p => BinaryNode(p, inline: true))]);
        }

        if (_attachments.Count > 0)
        {
            body = Node.Multipart("mixed", [body, .. _attachments.Select(p => BinaryNode(p, inline: false))]);
        }

        return body;
    }

    private static Node TextNode(string subtype, string text)
    {
        var normalized = text.ReplaceLineEndings("\r\n");
        var bytes = Encoding.UTF8.GetBytes(normalized);
        var sevenBit = Ascii.IsValid(bytes) && normalized.Split("\r\n").All(line => line.Length <= 998) && !normalized.Contains('\0', StringComparison.Ordinal);
        var headers = new StringBuilder();
        HeaderFormatter.AppendField(headers, "Content-Type", $"text/{subtype}; charset={(sevenBit ? "us-ascii" : "utf-8")}");
        HeaderFormatter.AppendField(headers, "Content-Transfer-Encoding", sevenBit ? "7bit" : "quoted-printable");
        if (sevenBit)
        {
            return new Node(headers.ToString(), bytes, null, null);
        }

        using var encoded = new MemoryStream();
        QuotedPrintable.Encode(bytes, encoded);
        return new Node(headers.ToString(), encoded.ToArray(), null, null);
    }

    private static Node BinaryNode(Part part, bool inline)
    {
        var headers = new StringBuilder();
        HeaderFormatter.AppendField(headers, "Content-Type", part.ContentType + "; " + HeaderFormatter.Parameter("name", part.FileName));
        HeaderFormatter.AppendField(headers, "Content-Disposition", (inline ? "inline; " : "attachment; ") + HeaderFormatter.Parameter("filename", part.FileName));
        HeaderFormatter.AppendField(headers, "Content-Transfer-Encoding", "base64");
        if (part.ContentId is not null)
        {
            HeaderFormatter.AppendField(headers, "Content-ID", "<" + part.ContentId + ">");
        }

        return new Node(headers.ToString(), null, part.Content, null);
    }

    private static string Check(string value, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        HeaderFormatter.RejectLineBreaks(value, what);
        return value;
    }

    private static string CheckType(string contentType)
    {
        Check(contentType, "A content type");
        var parsed = ContentType.Parse(contentType);
        if (parsed is null || parsed.IsMultipart || contentType.Contains(';', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{contentType}' is not a single-part type/subtype.", nameof(contentType));
        }

        return parsed.MimeType;
    }

    private static void ValidateIdPart(string value, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Length > 500 || value.Any(c => c is <= ' ' or >= (char)0x7F or '<' or '>' or '"' or '\\' or '(' or ')' or ',' or ';' or ':' or '[' or ']'))
        {
            throw new ArgumentException($"{what} '{value}' holds characters a msg-id cannot (RFC 5322 §3.6.4).", nameof(value));
        }
    }

    private sealed record Part(string FileName, string ContentType, string? ContentId, ReadOnlyMemory<byte> Content);

    /// <summary>One entity to write: its header lines and either text bytes, binary content (base64) or children.</summary>
    private sealed record Node(string Headers, byte[]? Text, ReadOnlyMemory<byte>? Binary, IReadOnlyList<Node>? Children)
    {
        public string? Boundary { get; private init; }

        public static Node Multipart(string subtype, IReadOnlyList<Node> children)
        {
            // "=_" cannot occur in base64 or in our quoted-printable output, so the boundary never collides with content.
            var boundary = "=_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var headers = new StringBuilder();
            HeaderFormatter.AppendField(headers, "Content-Type", $"multipart/{subtype}; boundary=\"{boundary}\"");
            return new Node(headers.ToString(), null, null, children) { Boundary = boundary };
        }

        public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Headers + "\r\n"), cancellationToken).ConfigureAwait(false);
            if (Text is not null)
            {
                await stream.WriteAsync(Text, cancellationToken).ConfigureAwait(false);
            }
            else if (Binary is { } binary)
            {
                await WriteBase64Async(stream, binary, cancellationToken).ConfigureAwait(false);
            }
            else if (Children is not null)
            {
                foreach (var child in Children)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("--" + Boundary + "\r\n"), cancellationToken).ConfigureAwait(false);
                    await child.WriteAsync(stream, cancellationToken).ConfigureAwait(false);
                    await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes("--" + Boundary + "--\r\n"), cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task WriteBase64Async(Stream stream, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            // 57 input bytes make one 76-character line (RFC 2045 §6.8); a thousand lines per write.
            const int LineInput = 57;
            const int LinesPerChunk = 1000;
            var chunk = new byte[LinesPerChunk * 78];
            var offset = 0;
            while (offset < content.Length)
            {
                var n = 0;
                for (var line = 0; line < LinesPerChunk && offset < content.Length; line++)
                {
                    var take = Math.Min(LineInput, content.Length - offset);
                    Base64.EncodeToUtf8(content.Span.Slice(offset, take), chunk.AsSpan(n), out _, out var written);
                    n += written;
                    chunk[n++] = (byte)'\r';
                    chunk[n++] = (byte)'\n';
                    offset += take;
                }

                await stream.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
