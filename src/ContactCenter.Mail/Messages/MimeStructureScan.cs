using MimeKit;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// A pass over a message with MimeKit's <see cref="MimeReader"/> before MimeKit builds it: enforces the nesting,
/// part-count and header-block limits MimeKit does not, and notes the structural damage MimeKit silently repairs
/// (multiparts without boundary lines or without a closing boundary, header blocks ended by a line that is no
/// header). It stops at the first limit it meets and says where the message must be cut to stay within it.
/// </summary>
internal sealed class MimeStructureScan : MimeReader
{
    private readonly MimeLimits _limits;
    private readonly byte[] _data;
    private readonly int _length;
    private readonly Stack<Multipart> _multiparts = new();
    private readonly List<MessageProblem> _problems = [];
    private int _depth;
    private int _parts;
    private long _headersBegin;
    private long _headerBytes;
    private long _lastBoundaryBegin = -1;
    private int _invalidHeaderLines;
    private long _separatorBegin = -1;
    private Cut? _cut;

    private MimeStructureScan(byte[] data, int length, MimeLimits limits, ParserOptions options)
        : base(options, new MemoryStream(data, 0, length, writable: false), MimeFormat.Entity)
    {
        _data = data;
        _length = length;
        _limits = limits;
    }

    /// <summary>Where a message is cut to stay within a limit: bytes [Start, End) are left out (End = length: the rest).</summary>
    internal sealed record Cut(MimeLimit Limit, long Start, long End);

    /// <summary>What the scan found: structural problems, and the cut for the first limit exceeded (or null).</summary>
    internal sealed record Result(IReadOnlyList<MessageProblem> Problems, Cut? Cut);

    /// <summary>Scans the first <paramref name="length"/> bytes of <paramref name="data"/>.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Result Run(byte[] data, int length, MimeLimits limits, CancellationToken cancellationToken)
    {
        // MimeKit's own depth limit sits above ours, so the scan sees the level that is one too deep.
        var options = ParserOptions.Default.Clone();
        options.MaxMimeDepth = limits.MaxNestingDepth + 2;
        var scan = new MimeStructureScan(data, length, limits, options);
        try
        {
            scan.ReadMessage(cancellationToken);
        }
        catch (LimitReached)
        {
            // The cut is recorded; what lies beyond it is not read.
        }
        catch (FormatException)
        {
            // MimeKit could not read even a header block: the message is all body, which the parse handles.
        }

        return new Result(scan._problems, scan._cut);
    }

    protected override void OnHeadersBegin(long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        _headersBegin = beginOffset;
        _headerBytes = 0;
        _separatorBegin = -1;
    }

    protected override void OnBodySeparator(long beginOffset, int lineNumber, long endOffset, CancellationToken cancellationToken) =>
        _separatorBegin = beginOffset;

    protected override void OnHeaderRead(Header header, int beginLineNumber, CancellationToken cancellationToken)
    {
        _headerBytes += header.RawField.Length + 1 + header.RawValue.Length;
        // RFC 5322 section 2.2: a field name is printable ASCII without colon or space. MimeKit keeps a line that is no
        // header field as a header without value and reads on to the empty line; the line is reported here.
        // An mbox "From " separator line before the headers is no damage.
        if (header.RawField.AsSpan().IndexOfAnyExceptInRange((byte)'!', (byte)'~') >= 0 && !header.RawField.AsSpan().StartsWith("From "u8) && ++_invalidHeaderLines <= 10)
        {
            _problems.Add(new MessageProblem(MessageProblemKind.InvalidHeader, $"header block holds a line that is not a header field: '{TextDecoding.Utf8OrWindows1252(header.RawField).Trim()}'"));
        }
    }

    protected override void OnHeadersEnd(long beginOffset, int beginLineNumber, long endOffset, int endLineNumber, CancellationToken cancellationToken)
    {
        if (_headerBytes > _limits.MaxHeaderBlockBytes)
        {
            // Keep the whole header lines that fit; leave out the rest of the block up to its end.
            var limit = (int)Math.Min(_headersBegin + _limits.MaxHeaderBlockBytes, _length);
            var lastLineEnd = Array.LastIndexOf(_data, (byte)'\n', limit - 1, limit - (int)_headersBegin);
            var keep = lastLineEnd < 0 ? _headersBegin : lastLineEnd + 1;
            // The empty line that ends the block stays, so the body is still read as body.
            var end = _separatorBegin >= 0 ? _separatorBegin : endOffset;
            Stop(new Cut(MimeLimit.HeaderBlockSize, keep, Math.Max(keep, end)));
        }
    }

    protected override void OnMimePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
        CountPart(beginOffset);

    protected override void OnMessagePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        CountPart(beginOffset);
        Enter(beginOffset);
    }

    protected override void OnMessagePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) =>
        _depth--;

    protected override void OnMultipartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        CountPart(beginOffset);
        Enter(beginOffset);
        if (contentType.Boundary is null)
        {
            _problems.Add(new MessageProblem(MessageProblemKind.InvalidMultipart, $"{contentType.MimeType} without a boundary parameter"));
        }

        _multiparts.Push(new Multipart(contentType.Boundary is not null));
    }

    protected override void OnMultipartBoundaryBegin(long beginOffset, int lineNumber, CancellationToken cancellationToken)
    {
        _lastBoundaryBegin = beginOffset;
        _multiparts.Peek().Boundaries++;
    }

    protected override void OnMultipartEndBoundaryBegin(long beginOffset, int lineNumber, CancellationToken cancellationToken) =>
        _multiparts.Peek().Closed = true;

    protected override void OnMultipartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken)
    {
        _depth--;
        var multipart = _multiparts.Pop();
        if (!multipart.HasBoundary || multipart.Closed)
        {
            return;
        }

        _problems.Add(new MessageProblem(MessageProblemKind.InvalidMultipart, multipart.Boundaries == 0
            ? "multipart without any boundary line; its body is kept as it is"
            : "multipart without closing boundary; the last part runs to the end"));
    }

    private void CountPart(long beginOffset)
    {
        if (++_parts > _limits.MaxParts)
        {
            Stop(new Cut(MimeLimit.PartCount, _lastBoundaryBegin >= 0 ? WithLineBreakBefore(_lastBoundaryBegin) : beginOffset, _length));
        }
    }

    /// <summary>RFC 2046 section 5.1.1: the line break before a boundary belongs to the boundary, so it goes with it.</summary>
    private long WithLineBreakBefore(long boundary)
    {
        if (boundary > 0 && _data[boundary - 1] == (byte)'\n')
        {
            boundary--;
        }

        if (boundary > 0 && _data[boundary - 1] == (byte)'\r')
        {
            boundary--;
        }

        return boundary;
    }

    private void Enter(long beginOffset)
    {
        if (++_depth > _limits.MaxNestingDepth)
        {
            Stop(new Cut(MimeLimit.NestingDepth, beginOffset, _length));
        }
    }

    private void Stop(Cut cut)
    {
        _cut = cut;
        throw new LimitReached();
    }

    private sealed class Multipart(bool hasBoundary)
    {
        public bool HasBoundary { get; } = hasBoundary;

        public int Boundaries { get; set; }

        public bool Closed { get; set; }
    }

    /// <summary>Ends the scan from inside a MimeReader callback.</summary>
    private sealed class LimitReached : Exception
    {
    }
}
