using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// Parses a whole message held in memory into entities. The work list is an explicit stack, never recursion, so
/// no input can overflow the call stack; every search is a forward <c>IndexOf</c>, so time is linear in the input
/// times the (limited) nesting depth.
/// </summary>
internal sealed class MimeParser
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly MimeParserOptions _options;
    private readonly List<MimeError> _errors;
    private readonly CancellationToken _cancellationToken;
    private int _entities;
    private bool _partLimitReported;

    public MimeParser(ReadOnlyMemory<byte> data, MimeParserOptions options, List<MimeError> errors, CancellationToken cancellationToken)
    {
        _data = data;
        _options = options;
        _errors = errors;
        _cancellationToken = cancellationToken;
    }

    private readonly record struct Work(MimeEntity? Parent, int Start, int End, int Depth, bool IsMessage, ContentType DefaultType);

    /// <summary>Parses the message.</summary>
    /// <exception cref="MimeLimitExceededException">A limit is exceeded and the options ask to throw.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public MimeEntity Parse()
    {
        var stack = new Stack<Work>();
        stack.Push(new Work(null, 0, _data.Length, 0, true, ContentType.TextPlain));
        _entities = 1;
        MimeEntity? root = null;
        var embedded = new List<(MimeEntity Part, MimeEntity Content)>();
        while (stack.Count > 0)
        {
            if ((_entities & 0xFF) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            var work = stack.Pop();
            var entity = ParseEntity(work, stack);
            if (work.Parent is null)
            {
                root = entity;
            }
            else if (work.IsMessage)
            {
                embedded.Add((work.Parent, entity));
            }
            else
            {
                work.Parent.AddChild(entity);
            }
        }

        // An embedded message reads its bodies from its whole subtree, so it is built once the subtree is parsed.
        foreach (var (part, content) in embedded)
        {
            part.EmbeddedMessage = new MimeMessage(content, []);
        }

        return root!;
    }

    private MimeEntity ParseEntity(Work work, Stack<Work> stack)
    {
        var (headers, bodyStart) = ParseHeaders(work.Start, work.End, allowMboxFrom: work.Parent is null);
        var contentType = work.DefaultType;
        var contentTypeValue = headers["Content-Type"];
        if (contentTypeValue is not null)
        {
            var parsed = ContentType.Parse(contentTypeValue);
            if (parsed is null)
            {
                Report(MimeErrorKind.InvalidHeader, $"invalid Content-Type '{Shorten(contentTypeValue)}' read as text/plain");
                contentType = ContentType.TextPlain;
            }
            else
            {
                contentType = parsed;
            }
        }

        var entity = new MimeEntity(headers, contentType, _data[bodyStart..work.End], work.Depth);
        if (contentType.IsMultipart)
        {
            var boundary = contentType.Boundary?.TrimEnd();
            if (string.IsNullOrEmpty(boundary))
            {
                Report(MimeErrorKind.InvalidMultipart, $"{contentType.MimeType} without a boundary parameter");
            }
            else if (CanNest(work.Depth))
            {
                var childDefault = contentType.MediaSubtype == "digest" ? ContentType.MessageRfc822 : ContentType.TextPlain;
                var parts = Split(bodyStart, work.End, Encoding.UTF8.GetBytes("--" + boundary));
                for (var k = parts.Count - 1; k >= 0; k--)
                {
                    stack.Push(new Work(entity, parts[k].Start, parts[k].End, work.Depth + 1, false, childDefault));
                }
            }
        }
        else if (contentType.MediaType == "message" && contentType.MediaSubtype is "rfc822" or "global"
            && entity.TransferEncoding is not ("base64" or "quoted-printable") && CanNest(work.Depth) && TryCountEntity())
        {
            stack.Push(new Work(entity, bodyStart, work.End, work.Depth + 1, true, ContentType.TextPlain));
        }

        return entity;
    }

    private bool CanNest(int depth)
    {
        if (depth < _options.MaxNestingDepth)
        {
            return true;
        }

        LimitExceeded(MimeLimit.NestingDepth, _options.MaxNestingDepth);
        return false;
    }

    private bool TryCountEntity()
    {
        if (_entities < _options.MaxParts)
        {
            _entities++;
            return true;
        }

        if (!_partLimitReported)
        {
            _partLimitReported = true;
            LimitExceeded(MimeLimit.PartCount, _options.MaxParts);
        }

        return false;
    }

    /// <summary>
    /// Finds the parts of a multipart body (RFC 2046 §5.1.1): a delimiter is "--boundary" at the start of a line,
    /// optionally followed by "--" (the close delimiter) and whitespace only; the line break before it belongs to
    /// it. A missing close delimiter ends the last part at the end of the body.
    /// </summary>
    private List<(int Start, int End)> Split(int bodyStart, int end, byte[] delimiter)
    {
        var span = _data.Span;
        var parts = new List<(int Start, int End)>();
        var segmentStart = bodyStart;
        var seenDelimiter = false;
        var search = bodyStart;
        while (search < end)
        {
            var found = span[search..end].IndexOf(delimiter);
            if (found < 0)
            {
                break;
            }

            var at = search + found;
            search = at + 1;
            if (at != bodyStart && span[at - 1] != (byte)'\n')
            {
                continue; // the boundary text inside a line is content
            }

            var after = at + delimiter.Length;
            var closing = after + 1 < end && span[after] == (byte)'-' && span[after + 1] == (byte)'-';
            if (closing)
            {
                after += 2;
            }

            var lf = span[after..end].IndexOf((byte)'\n');
            var lineEnd = lf < 0 ? end : after + lf;
            if (!span[after..lineEnd].Trim(" \t\r"u8).IsEmpty)
            {
                continue; // a longer boundary of a nested multipart, or text that merely starts like one
            }

            var contentEnd = at;
            if (at > segmentStart && span[at - 1] == (byte)'\n')
            {
                contentEnd = at - 1;
                if (contentEnd > segmentStart && span[contentEnd - 1] == (byte)'\r')
                {
                    contentEnd--;
                }
            }

            if (seenDelimiter)
            {
                if (!TryCountEntity())
                {
                    return parts;
                }

                parts.Add((segmentStart, contentEnd));
            }

            seenDelimiter = true;
            segmentStart = lf < 0 ? end : lineEnd + 1;
            search = segmentStart;
            if (closing)
            {
                return parts;
            }
        }

        if (!seenDelimiter)
        {
            Report(MimeErrorKind.InvalidMultipart, "multipart without any boundary line; its body is kept as it is");
            return parts;
        }

        Report(MimeErrorKind.InvalidMultipart, "multipart without closing boundary; the last part runs to the end");
        if (TryCountEntity())
        {
            parts.Add((segmentStart, end));
        }

        return parts;
    }

    /// <summary>
    /// Reads header fields (RFC 5322 §2.2) up to the empty line. Folded lines continue the field before them; a line
    /// that is neither a field nor a continuation ends the header block (the body starts there, reported).
    /// </summary>
    private (HeaderList Headers, int BodyStart) ParseHeaders(int start, int end, bool allowMboxFrom)
    {
        var span = _data.Span;
        var headers = new List<Header>();
        var pos = start;
        string? name = null;
        int valueStart = 0, valueEnd = 0;
        // Files saved by editors may start with a UTF-8 byte order mark; it is not part of the first field name.
        if (allowMboxFrom && span[start..end].StartsWith("\uFEFF"u8))
        {
            pos = start += 3;
        }

        if (allowMboxFrom && span[pos..end].StartsWith("From "u8))
        {
            var lf = span[pos..end].IndexOf((byte)'\n');
            pos = lf < 0 ? end : pos + lf + 1;
        }

        while (pos < end)
        {
            if (pos - start > _options.MaxHeaderBlockBytes)
            {
                Commit();
                LimitExceeded(MimeLimit.HeaderBlockSize, _options.MaxHeaderBlockBytes);
                return (new HeaderList(headers), FindBodyStart(pos, end));
            }

            var lf = span[pos..end].IndexOf((byte)'\n');
            var next = lf < 0 ? end : pos + lf + 1;
            var lineEnd = lf < 0 ? end : pos + lf;
            if (lineEnd > pos && span[lineEnd - 1] == (byte)'\r')
            {
                lineEnd--;
            }

            if (lineEnd == pos)
            {
                Commit();
                return (new HeaderList(headers), next);
            }

            var line = span[pos..lineEnd];
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (name is not null)
                {
                    valueEnd = lineEnd;
                }
                else if (line.Trim(" \t"u8).IsEmpty)
                {
                    return (new HeaderList(headers), next); // a "blank" line of spaces
                }
                else
                {
                    Report(MimeErrorKind.InvalidHeader, "folded header line without a header before it");
                }

                pos = next;
                continue;
            }

            var colon = line.IndexOf((byte)':');
            var fieldName = colon > 0 ? line[..colon].TrimEnd(" \t"u8) : default;
            if (fieldName.IsEmpty || fieldName.IndexOfAnyExceptInRange((byte)33, (byte)126) >= 0)
            {
                Commit();
                if (headers.Count > 0 || pos != start)
                {
                    Report(MimeErrorKind.InvalidHeader, "header block ended by a line that is not a header field");
                }

                return (new HeaderList(headers), pos);
            }

            Commit();
            name = HeaderNames.Get(fieldName);
            valueStart = pos + colon + 1;
            valueEnd = lineEnd;
            pos = next;
        }

        Commit();
        return (new HeaderList(headers), end);

        void Commit()
        {
            if (name is not null)
            {
                headers.Add(new Header(name, _data[valueStart..valueEnd]));
                name = null;
            }
        }
    }

    private int FindBodyStart(int pos, int end)
    {
        var span = _data.Span[pos..end];
        var lflf = span.IndexOf("\n\n"u8);
        var crlf = span.IndexOf("\n\r\n"u8);
        if (lflf < 0 && crlf < 0)
        {
            return end;
        }

        return lflf >= 0 && (crlf < 0 || lflf < crlf) ? pos + lflf + 2 : pos + crlf + 3;
    }

    private void LimitExceeded(MimeLimit limit, long value)
    {
        if (_options.ThrowOnLimitExceeded)
        {
            throw new MimeLimitExceededException(limit, value);
        }

        Report(MimeErrorKind.LimitExceeded, MimeLimitExceededException.Describe(limit, value));
    }

    private void Report(MimeErrorKind kind, string message)
    {
        // Hostile input can repeat one fault a million times; a few reports of each say enough.
        if (_errors.Count < 100)
        {
            _errors.Add(new MimeError(kind, message));
        }
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}

/// <summary>Interns the common header names so parsing many messages does not allocate one string per field name.</summary>
internal static class HeaderNames
{
    private static readonly string[] Common =
    [
        "From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject", "Date", "Message-ID", "Message-Id", "In-Reply-To",
        "References", "MIME-Version", "Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
        "Content-ID", "Content-Id", "Received", "Return-Path", "DKIM-Signature", "X-Mailer", "User-Agent",
        "Authentication-Results", "Received-SPF", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results",
        "Content-Language", "Thread-Topic", "Thread-Index", "Accept-Language", "Delivered-To", "List-Unsubscribe",
        "Precedence", "Auto-Submitted", "X-Spam-Status", "X-Spam-Score", "Importance", "X-Priority", "Organization",
    ];

    private static readonly Dictionary<int, string[]> ByLength = Common.GroupBy(n => n.Length).ToDictionary(g => g.Key, g => g.ToArray());

    public static string Get(ReadOnlySpan<byte> name)
    {
        if (ByLength.TryGetValue(name.Length, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (Ascii.Equals(name, candidate))
                {
                    return candidate;
                }
            }
        }

        return Encoding.ASCII.GetString(name);
    }
}
