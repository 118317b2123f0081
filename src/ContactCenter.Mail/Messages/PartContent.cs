using System.Buffers;
using MimeKit;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// A part's decoded content where MimeKit's decoders are not tolerant enough: base64 without padding or with junk
/// between the characters is decoded from its alphabet characters alone (and junk is reported). Everything else,
/// and clean base64, is decoded by MimeKit.
/// </summary>
internal static class PartContent
{
    private static readonly SearchValues<byte> Base64Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    private static readonly SearchValues<byte> Base64Text =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n"u8);

    /// <summary>The decoded bytes; <paramref name="damaged"/> is true when base64 held characters outside its alphabet.</summary>
    public static byte[] Decode(MimePart part, out bool damaged)
    {
        damaged = false;
        if (part.Content is null)
        {
            return [];
        }

        if (part.ContentTransferEncoding == ContentEncoding.Base64)
        {
            var raw = Raw(part);
            var scan = Scan(new MemoryStream(raw, writable: false));
            damaged = scan.Damaged;
            if (!scan.Damaged && scan.AlphabetCharacters % 4 == 0)
            {
                return DecodeWithMimeKit(part);
            }

            return DecodeTolerantly(raw, scan.AlphabetCharacters);
        }

        return DecodeWithMimeKit(part);
    }

    /// <summary>The decoded size, counted without holding the decoded content.</summary>
    public static long DecodedSize(MimePart part)
    {
        if (part.Content is null)
        {
            return 0;
        }

        if (part.ContentTransferEncoding == ContentEncoding.Base64)
        {
            // Every four alphabet characters are three bytes; a remainder of two or three characters is one or two.
            // Content.Stream is the raw (still encoded) content; Content.Open() would decode it.
            if (part.Content.Stream is not { } raw)
            {
                return 0;
            }

            raw.Position = 0;
            return Scan(raw).AlphabetCharacters * 6 / 8;
        }

        using var counter = new CountingStream();
        part.Content.DecodeTo(counter);
        return counter.Length;
    }

    private static byte[] DecodeWithMimeKit(MimePart part)
    {
        using var decoded = new MemoryStream();
        part.Content!.DecodeTo(decoded);
        return decoded.ToArray();
    }

    private static byte[] Raw(MimePart part)
    {
        using var raw = new MemoryStream();
        part.Content!.WriteTo(raw);
        return raw.ToArray();
    }

    /// <summary>Counts the alphabet characters of raw base64 in 64 KB chunks (a 20 MB attachment is never copied).</summary>
    private static (long AlphabetCharacters, bool Damaged) Scan(Stream raw)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long alphabet = 0;
            var damaged = false;
            var padding = false;
            int read;
            while ((read = raw.Read(buffer, 0, buffer.Length)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                damaged |= span.IndexOfAnyExcept(Base64Text) >= 0;
                while (!span.IsEmpty)
                {
                    var pad = span.IndexOf((byte)'=');
                    var head = pad < 0 ? span : span[..pad];
                    // Padding followed by more characters: two encodings glued together, or junk.
                    damaged |= padding && head.IndexOfAny(Base64Alphabet) >= 0;
                    alphabet += CountAlphabet(head);
                    if (pad < 0)
                    {
                        break;
                    }

                    padding = true;
                    span = span[(pad + 1)..];
                }
            }

            return (alphabet, damaged);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long CountAlphabet(ReadOnlySpan<byte> text)
    {
        long count = 0;
        while (!text.IsEmpty)
        {
            var other = text.IndexOfAnyExcept(Base64Alphabet);
            if (other < 0)
            {
                return count + text.Length;
            }

            count += other;
            text = text[(other + 1)..];
        }

        return count;
    }

    private static byte[] DecodeTolerantly(ReadOnlySpan<byte> raw, long alphabetCharacters)
    {
        var characters = new byte[alphabetCharacters];
        var count = 0;
        foreach (var b in raw)
        {
            if (Base64Alphabet.Contains(b))
            {
                characters[count++] = b;
            }
        }

        // RFC 2045 section 6.8 asks for padding; decode the full quartets, then the two or three characters left over.
        var whole = count / 4 * 4;
        var output = new byte[count * 6 / 8];
        System.Buffers.Text.Base64.DecodeFromUtf8(characters.AsSpan(0, whole), output, out _, out var written);
        var remainder = count - whole;
        if (remainder >= 2)
        {
            Span<byte> last = stackalloc byte[4];
            characters.AsSpan(whole, remainder).CopyTo(last);
            last[remainder..].Fill((byte)'=');
            System.Buffers.Text.Base64.DecodeFromUtf8(last, output.AsSpan(written), out _, out _);
        }

        return output;
    }

    /// <summary>Counts what is written to it and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
