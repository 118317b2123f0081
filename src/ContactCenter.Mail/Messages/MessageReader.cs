using MimeKit;
using MimeKit.Text;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// Reads a received message: checks it against <see cref="MimeLimits"/> with <see cref="MimeStructureScan"/>, lets
/// MimeKit parse it, and takes the fields the product reads with the tolerant fallbacks of this folder (charsets,
/// dates, broken address lists, unpadded or damaged base64, a file that is no message at all).
/// </summary>
public static class MessageReader
{
    // After this many cuts the message is read as it stands; each cut removes the first excess of one limit.
    private const int MaxCuts = 8;

    /// <summary>Reads a message held in memory.</summary>
    /// <exception cref="MimeLimitExceededException">The message exceeds a limit and <paramref name="handling"/> is <see cref="LimitHandling.Throw"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static ReceivedMessage Read(byte[] message, MimeLimits? limits = null, LimitHandling handling = LimitHandling.Throw, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        limits ??= MimeLimits.Default;
        var problems = new List<MessageProblem>();
        var length = message.Length;
        if (length > limits.MaxMessageBytes)
        {
            Exceeded(MimeLimit.MessageSize, limits, handling, problems);
            length = (int)limits.MaxMessageBytes;
        }

        return Parse(message, length, limits, handling, problems, cancellationToken);
    }

    /// <summary>Reads a message from a stream (which need not be seekable), at most <see cref="MimeLimits.MaxMessageBytes"/> of it.</summary>
    /// <exception cref="MimeLimitExceededException">The message exceeds a limit and <paramref name="handling"/> is <see cref="LimitHandling.Throw"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<ReceivedMessage> LoadAsync(Stream stream, MimeLimits? limits = null, LimitHandling handling = LimitHandling.Throw, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= MimeLimits.Default;
        var problems = new List<MessageProblem>();
        var capacity = stream.CanSeek ? (int)Math.Min(stream.Length - stream.Position + 1, limits.MaxMessageBytes + 1) : 64 * 1024;
        var buffer = new byte[Math.Max(capacity, 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limits.MaxMessageBytes)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limits.MaxMessageBytes + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > limits.MaxMessageBytes)
        {
            Exceeded(MimeLimit.MessageSize, limits, handling, problems);
            length = (int)limits.MaxMessageBytes;
        }

        return Parse(buffer, length, limits, handling, problems, cancellationToken);
    }

    private static ReceivedMessage Parse(byte[] data, int length, MimeLimits limits, LimitHandling handling, List<MessageProblem> problems, CancellationToken cancellationToken)
    {
        var options = ParserOptions.Default.Clone();
        // Raw 8-bit header text that is not UTF-8 is read as windows-1252, the usual unlabelled European mail.
        options.CharsetEncoding = TextDecoding.Windows1252;
        options.AllowAddressesWithoutDomain = false;
        // RFC 2047 section 5: an encoded word is one token; text that only looks like one stays as written.
        options.Rfc2047ComplianceMode = RfcComplianceMode.Strict;
        options.MaxMimeDepth = limits.MaxNestingDepth + 1;
        MimeStructureScan.Result scan;
        var cuts = 0;
        while (true)
        {
            scan = MimeStructureScan.Run(data, length, limits, cancellationToken);
            if (scan.Cut is not { } cut || cuts++ == MaxCuts)
            {
                break;
            }

            Exceeded(cut.Limit, limits, handling, problems);
            (data, length) = Cut(data, length, cut);
        }

        // After a cut, multiparts end without their closing boundaries; that is the cut, not damage of the message.
        problems.AddRange(cuts == 0 ? scan.Problems : scan.Problems.Where(p => p.Kind != MessageProblemKind.InvalidMultipart));
        var sizes = new Dictionary<MimeEntity, long>(ReferenceEqualityComparer.Instance);
        var mime = Load(options, data, length, sizes, problems, cancellationToken);
        return new ReceivedMessage(mime, problems, Fields(mime, options, sizes, problems));
    }

    private static MimeMessage Load(ParserOptions options, byte[] data, int length, Dictionary<MimeEntity, long> sizes, List<MessageProblem> problems, CancellationToken cancellationToken)
    {
        try
        {
            var parser = new MimeParser(options, new MemoryStream(data, 0, length, writable: false), MimeFormat.Entity);
            // An embedded message's size is that of its raw body, as it arrived (writing it out again may differ).
            parser.MimeEntityEnd += (_, e) =>
            {
                if (e.Entity is MessagePart)
                {
                    sizes[e.Entity] = e.EndOffset - e.HeadersEndOffset;
                }
            };
            return parser.ParseMessage(cancellationToken);
        }
        catch (FormatException) when (length > 0 && data[0] is (byte)' ' or (byte)'\t')
        {
            // RFC 5322 section 2.2.3: a folded line continues the header before it; with none before it, it is dropped.
            var firstHeader = FirstUnfoldedLine(data, length);
            problems.Add(new MessageProblem(MessageProblemKind.InvalidHeader, "folded header line without a header before it"));
            return Load(options, data[firstHeader..length], length - firstHeader, sizes, problems, cancellationToken);
        }
        catch (FormatException)
        {
            // No header block MimeKit can read (an empty file, a bare body, binary junk): all of it is body.
            var bodyOnly = new byte[length + 2];
            "\r\n"u8.CopyTo(bodyOnly);
            data.AsSpan(0, length).CopyTo(bodyOnly.AsSpan(2));
            return Load(options, bodyOnly, bodyOnly.Length, sizes, problems, cancellationToken);
        }
    }

    private static int FirstUnfoldedLine(byte[] data, int length)
    {
        var position = 0;
        while (position < length && data[position] is (byte)' ' or (byte)'\t')
        {
            var end = Array.IndexOf(data, (byte)'\n', position, length - position);
            position = end < 0 ? length : end + 1;
        }

        return position;
    }

    private static MessageFields Fields(MimeMessage mime, ParserOptions options, Dictionary<MimeEntity, long> sizes, List<MessageProblem> problems)
    {
        foreach (var entity in Entities(mime.Body))
        {
            var index = entity.Headers.IndexOf(HeaderId.ContentType);
            if (index < 0 || ContentType.TryParse(options, entity.Headers[index].RawValue, out _))
            {
                continue;
            }

            // RFC 2045 section 5.2: an unreadable Content-Type means text/plain (MimeKit takes application/octet-stream).
            // A bare "text" without subtype says as much and is not reported.
            var value = entity.Headers[index].Value.Trim();
            entity.ContentType.MediaType = "text";
            entity.ContentType.MediaSubtype = "plain";
            if (!value.Split(';', 2)[0].Trim().Equals("text", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new MessageProblem(MessageProblemKind.InvalidHeader, $"invalid Content-Type '{value}' read as text/plain"));
            }
        }

        var messageId = mime.MessageId is { Length: > 0 } id ? id : null;
        if (messageId is null)
        {
            var header = mime.Headers.IndexOf(HeaderId.MessageId);
            problems.Add(new MessageProblem(MessageProblemKind.MissingMessageId,
                header < 0 ? "no Message-ID header" : $"unreadable Message-ID '{mime.Headers[header].Value.Trim()}'"));
        }

        var from = TolerantAddresses.Read(mime.Headers, "From", options, problems);
        _ = TolerantAddresses.Read(mime.Headers, "Sender", options, problems);
        var to = TolerantAddresses.Read(mime.Headers, "To", options, problems);
        var cc = TolerantAddresses.Read(mime.Headers, "Cc", options, problems);
        _ = TolerantAddresses.Read(mime.Headers, "Bcc", options, problems);
        var replyTo = TolerantAddresses.Read(mime.Headers, "Reply-To", options, problems);

        var dateHeader = mime.Headers.IndexOf(HeaderId.Date);
        var dateText = dateHeader < 0 ? null : mime.Headers[dateHeader].Value.Trim();
        var date = TolerantDates.Parse(dateText);
        if (dateText is not null && date is null)
        {
            problems.Add(new MessageProblem(MessageProblemKind.InvalidDate, $"unreadable Date '{dateText}'"));
        }

        var leaves = Leaves(mime.Body).ToList();
        var text = leaves.OfType<MimePart>().FirstOrDefault(p => IsBody(p, "plain"));
        var html = leaves.OfType<MimePart>().FirstOrDefault(p => IsBody(p, "html"));
        var attachments = leaves
            .Where(l => l != text && l != html && !(l is MimePart p && p.ContentType.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase) && IsPlainPart(p)))
            .Select(l => Attachment(l, sizes))
            .ToList();

        return new MessageFields(
            messageId,
            mime.InReplyTo is { Length: > 0 } inReplyTo ? inReplyTo : null,
            [.. mime.References],
            mime.Headers.Contains(HeaderId.Subject) ? mime.Subject : null,
            from,
            to,
            cc,
            replyTo,
            date,
            text is null ? null : BodyText(text, problems),
            html is null ? null : BodyText(html, problems),
            attachments);
    }

    /// <summary>A text part that is a body, not a file: no disposition "attachment", no file name, no Content-ID.</summary>
    private static bool IsPlainPart(MimePart part) => !part.IsAttachment && part.FileName is null && part.ContentId is null;

    private static bool IsBody(MimePart part, string subtype) => part.ContentType.IsMimeType("text", subtype) && IsPlainPart(part);

    private static string BodyText(MimePart part, List<MessageProblem> problems)
    {
        var bytes = PartContent.Decode(part, out var damaged);
        if (damaged)
        {
            problems.Add(new MessageProblem(MessageProblemKind.InvalidEncoding, $"damaged base64 in {part.ContentType.MimeType} body"));
        }

        var text = TextDecoding.Decode(bytes, part.ContentType.Charset, out var known);
        if (!known)
        {
            problems.Add(new MessageProblem(MessageProblemKind.UnknownCharset, $"unknown charset '{part.ContentType.Charset}' in {part.ContentType.MimeType} body, read as UTF-8/windows-1252"));
        }

        if (part.ContentType.Parameters.TryGetValue("format", out string? format) && format.Equals("flowed", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 3676: soft line breaks (a space before the break) join lines; MimeKit undoes them.
            var deleteSpace = part.ContentType.Parameters.TryGetValue("delsp", out string? delsp) && delsp.Equals("yes", StringComparison.OrdinalIgnoreCase);
            text = new FlowedToText { DeleteSpace = deleteSpace }.Convert(text);
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static ReceivedAttachment Attachment(MimeEntity entity, Dictionary<MimeEntity, long> sizes)
    {
        var disposition = entity.ContentDisposition;
        var inline = !entity.IsAttachment && (string.Equals(disposition?.Disposition, ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase) || entity.ContentId is not null);
        return entity switch
        {
            MimePart part => new ReceivedAttachment(part, part.FileName, part.ContentType.MimeType, part.ContentId, inline, PartContent.DecodedSize(part)),
            _ => new ReceivedAttachment(entity, disposition?.FileName ?? entity.ContentType.Name, entity.ContentType.MimeType, entity.ContentId, inline, sizes.TryGetValue(entity, out var size) ? size : WrittenSize((MessagePart)entity)),
        };
    }

    private static long WrittenSize(MessagePart part)
    {
        using var written = new MemoryStream();
        part.Message?.WriteTo(written);
        return written.Length;
    }

    /// <summary>Leaf entities (parts and embedded messages, whose insides belong to them) in document order, without recursion.</summary>
    private static IEnumerable<MimeEntity> Leaves(MimeEntity? root) => Entities(root).Where(e => e is not Multipart);

    /// <summary>Every entity of the message (not inside embedded messages) in document order, without recursion.</summary>
    private static IEnumerable<MimeEntity> Entities(MimeEntity? root)
    {
        if (root is null)
        {
            yield break;
        }

        var stack = new Stack<MimeEntity>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            yield return entity;
            if (entity is Multipart multipart)
            {
                for (var k = multipart.Count - 1; k >= 0; k--)
                {
                    stack.Push(multipart[k]);
                }
            }
        }
    }

    private static void Exceeded(MimeLimit limit, MimeLimits limits, LimitHandling handling, List<MessageProblem> problems)
    {
        var value = limit switch
        {
            MimeLimit.NestingDepth => limits.MaxNestingDepth,
            MimeLimit.PartCount => limits.MaxParts,
            MimeLimit.HeaderBlockSize => limits.MaxHeaderBlockBytes,
            _ => limits.MaxMessageBytes,
        };
        if (handling == LimitHandling.Throw)
        {
            throw new MimeLimitExceededException(limit, value);
        }

        var message = MimeLimitExceededException.Describe(limit, value);
        if (!problems.Any(p => p.Message == message))
        {
            problems.Add(new MessageProblem(MessageProblemKind.LimitExceeded, message));
        }
    }

    private static (byte[] Data, int Length) Cut(byte[] data, int length, MimeStructureScan.Cut cut)
    {
        var start = (int)cut.Start;
        var end = (int)Math.Min(cut.End, length);
        var result = new byte[length - (end - start)];
        data.AsSpan(0, start).CopyTo(result);
        data.AsSpan(end, length - end).CopyTo(result.AsSpan(start));
        return (result, result.Length);
    }
}
