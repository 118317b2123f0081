namespace ContactCenter.Mail.Mime;

/// <summary>
/// A MIME entity: the message itself, a part of a multipart, or the content of a message/rfc822 part. The body
/// stays in the message's bytes until it is read, so large parts are never turned into strings.
/// </summary>
public sealed class MimeEntity
{
    private readonly List<MimeEntity> _children = [];
    private long? _decodedSize;

    internal MimeEntity(HeaderList headers, ContentType contentType, ReadOnlyMemory<byte> body, int depth)
    {
        Headers = headers;
        ContentType = contentType;
        RawBody = body;
        Depth = depth;
        var disposition = headers["Content-Disposition"];
        ContentDisposition = disposition is null ? null : ContentDisposition.Parse(disposition);
        TransferEncoding = (headers["Content-Transfer-Encoding"] ?? "7bit").Trim().ToLowerInvariant();
        var contentId = headers["Content-ID"];
        ContentId = contentId is null ? null : FirstId(contentId) ?? contentId.Trim().Trim('<', '>');
    }

    /// <summary>The entity's header fields.</summary>
    public HeaderList Headers { get; }

    /// <summary>The Content-Type, text/plain when missing or invalid.</summary>
    public ContentType ContentType { get; }

    /// <summary>The Content-Disposition, or null.</summary>
    public ContentDisposition? ContentDisposition { get; }

    /// <summary>The Content-Transfer-Encoding, lower case, "7bit" when missing.</summary>
    public string TransferEncoding { get; }

    /// <summary>The Content-ID without angle brackets, or null.</summary>
    public string? ContentId { get; }

    /// <summary>The file name: the RFC 2231/2047-decoded filename of Content-Disposition, else the name of Content-Type.</summary>
    public string? FileName => ContentDisposition?.FileName ?? ContentType.Name;

    /// <summary>How deep the entity is nested; the message is 0.</summary>
    public int Depth { get; }

    /// <summary>The parts of a multipart, in order; empty for other entities.</summary>
    public IReadOnlyList<MimeEntity> Children => _children;

    /// <summary>For message/rfc822 parts: the embedded message; otherwise null.</summary>
    public MimeMessage? EmbeddedMessage { get; internal set; }

    /// <summary>The body bytes as they are in the message, still transfer-encoded.</summary>
    public ReadOnlyMemory<byte> RawBody { get; }

    /// <summary>True when the disposition is attachment.</summary>
    public bool IsAttachment => ContentDisposition?.IsAttachment == true;

    /// <summary>The size of the body after transfer decoding, in bytes (computed once, without keeping the decoded bytes).</summary>
    public long DecodedSize => _decodedSize ??= TransferEncoding switch
    {
        "base64" => Base64Decoder.CountDecoded(RawBody.Span),
        "quoted-printable" => QuotedPrintable.Decode(RawBody.Span, out _).LongLength,
        _ => RawBody.Length,
    };

    /// <summary>Opens the body decoded from its transfer encoding. Base64 is decoded as the stream is read.</summary>
    public Stream OpenContent() => TransferEncoding switch
    {
        "base64" => new Base64DecodingStream(RawBody),
        "quoted-printable" => new MemoryStream(QuotedPrintable.Decode(RawBody.Span, out _), writable: false),
        _ => new ReadOnlyMemoryStream(RawBody),
    };

    /// <summary>The body decoded from its transfer encoding.</summary>
    public byte[] GetContentBytes() => GetContentBytes(out _);

    /// <summary>
    /// The body decoded to text with its charset (UTF-8 or windows-1252 when missing or unknown), line breaks as
    /// "\n", and format=flowed (RFC 3676) undone for text/plain.
    /// </summary>
    public string GetText() => GetText(out _, out _);

    internal string GetText(out bool damaged, out bool unknownCharset)
    {
        var bytes = GetContentBytes(out damaged);
        var text = Charsets.Decode(bytes, ContentType.Charset, out var known);
        unknownCharset = !known;
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (ContentType.Is("text", "plain") && string.Equals(ContentType.Parameter("format"), "flowed", StringComparison.OrdinalIgnoreCase))
        {
            text = FormatFlowed.Unflow(text, string.Equals(ContentType.Parameter("delsp"), "yes", StringComparison.OrdinalIgnoreCase));
        }

        return text;
    }

    internal static string? FirstId(string? value)
    {
        var ids = MessageIdParser.Parse(value);
        return ids.Count > 0 ? ids[0] : null;
    }

    internal void AddChild(MimeEntity child) => _children.Add(child);

    private byte[] GetContentBytes(out bool damaged)
    {
        damaged = false;
        switch (TransferEncoding)
        {
            case "base64":
                return Base64Decoder.DecodeAll(RawBody.Span, out damaged);
            case "quoted-printable":
                return QuotedPrintable.Decode(RawBody.Span, out _);
            default:
                return RawBody.ToArray();
        }
    }
}

/// <summary>A read-only, seekable stream over memory the message already holds.</summary>
internal sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => memory.Length;

    public override long Position
    {
        get => _position;
        set => _position = (int)Math.Clamp(value, 0, memory.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, memory.Length - _position);
        memory.Span.Slice(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => memory.Length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("The stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is read-only.");
}

/// <summary>Undoes format=flowed (RFC 3676 §4): soft line breaks joined, space-stuffing removed, quote depth kept.</summary>
internal static class FormatFlowed
{
    public static string Unflow(string text, bool delSp)
    {
        var result = new System.Text.StringBuilder(text.Length);
        var paragraph = new System.Text.StringBuilder();
        var paragraphDepth = -1;
        foreach (var line in text.Split('\n'))
        {
            var depth = 0;
            while (depth < line.Length && line[depth] == '>')
            {
                depth++;
            }

            var content = line[depth..];
            if (content.StartsWith(' '))
            {
                content = content[1..]; // §4.4 space-stuffing
            }

            if (paragraphDepth >= 0 && depth != paragraphDepth)
            {
                End();
            }

            // §4.3: the signature separator "-- " is never flowed.
            var flowed = content.EndsWith(' ') && content != "-- ";
            if (flowed && delSp)
            {
                content = content[..^1];
            }

            paragraphDepth = depth;
            paragraph.Append(content);
            if (!flowed)
            {
                End();
            }
        }

        if (paragraphDepth >= 0)
        {
            End();
        }

        if (result.Length > 0)
        {
            result.Length--; // the last line had no break after it
        }

        return result.ToString();

        void End()
        {
            if (paragraphDepth > 0)
            {
                result.Append('>', paragraphDepth).Append(' ');
            }

            result.Append(paragraph).Append('\n');
            paragraph.Clear();
            paragraphDepth = -1;
        }
    }
}
