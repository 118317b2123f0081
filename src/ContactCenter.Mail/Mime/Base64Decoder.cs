using System.Buffers;
using System.Buffers.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// Tolerant, incremental base64 decoder for bodies (RFC 2045 §6.8): characters outside the alphabet are skipped
/// (and remembered as damage unless they are whitespace or padding), missing padding is accepted. Runs of clean
/// alphabet characters, i.e. whole lines, go through the vectorised <see cref="Base64.DecodeFromUtf8(ReadOnlySpan{byte}, Span{byte}, out int, out int, bool)"/>.
/// </summary>
internal sealed class Base64Decoder
{
    internal static readonly SearchValues<byte> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    private int _bits;
    private int _pending;

    /// <summary>True when bytes other than the alphabet, whitespace and padding were skipped.</summary>
    public bool SawJunk { get; private set; }

    /// <summary>The largest output <see cref="Decode"/> can produce for <paramref name="inputLength"/> input bytes.</summary>
    public static int MaxOutput(int inputLength) => (inputLength / 4 * 3) + 3;

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/> (at least <see cref="MaxOutput"/> long).</summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        var i = 0;
        while (i < input.Length)
        {
            if (_pending == 0)
            {
                var run = input[i..].IndexOfAnyExcept(Alphabet);
                if (run < 0)
                {
                    run = input.Length - i;
                }

                var whole = run & ~3;
                if (whole > 0)
                {
                    Base64.DecodeFromUtf8(input.Slice(i, whole), output[written..], out var consumed, out var produced, isFinalBlock: false);
                    written += produced;
                    i += consumed;
                    if (consumed == whole)
                    {
                        continue;
                    }
                }
            }

            var b = input[i++];
            var value = Value(b);
            if (value < 0)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'='))
                {
                    SawJunk = true;
                }

                continue;
            }

            _bits = (_bits << 6) | value;
            if (++_pending == 4)
            {
                output[written++] = (byte)(_bits >> 16);
                output[written++] = (byte)(_bits >> 8);
                output[written++] = (byte)_bits;
                _pending = 0;
                _bits = 0;
            }
        }

        return written;
    }

    /// <summary>Writes what is left of an unpadded final group; returns the number of bytes written (0–2).</summary>
    public int Flush(Span<byte> output)
    {
        var written = 0;
        switch (_pending)
        {
            case 2:
                output[written++] = (byte)(_bits >> 4);
                break;
            case 3:
                output[written++] = (byte)(_bits >> 10);
                output[written++] = (byte)(_bits >> 2);
                break;
            case 1:
                SawJunk = true;
                break;
        }

        _pending = 0;
        _bits = 0;
        return written;
    }

    /// <summary>Decodes a whole base64 body at once.</summary>
    public static byte[] DecodeAll(ReadOnlySpan<byte> input, out bool sawJunk)
    {
        var decoder = new Base64Decoder();
        var buffer = new byte[MaxOutput(input.Length) + 3];
        var n = decoder.Decode(input, buffer);
        n += decoder.Flush(buffer.AsSpan(n));
        sawJunk = decoder.SawJunk;
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>The decoded size of a base64 body, counted without decoding it.</summary>
    public static long CountDecoded(ReadOnlySpan<byte> input)
    {
        long valid = 0;
        while (!input.IsEmpty)
        {
            var run = input.IndexOfAnyExcept(Alphabet);
            if (run < 0)
            {
                valid += input.Length;
                break;
            }

            valid += run;
            input = input[run..];
            var skip = input.IndexOfAny(Alphabet);
            if (skip < 0)
            {
                break;
            }

            input = input[skip..];
        }

        var rest = valid % 4;
        return (valid / 4 * 3) + (rest == 2 ? 1 : rest == 3 ? 2 : 0);
    }

    private static int Value(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };
}

/// <summary>A read-only stream that decodes a base64 body held in memory, chunk by chunk.</summary>
internal sealed class Base64DecodingStream(ReadOnlyMemory<byte> source) : Stream
{
    private const int ChunkInput = 64 * 1024;
    private readonly Base64Decoder _decoder = new();
    private readonly byte[] _buffer = new byte[Base64Decoder.MaxOutput(ChunkInput) + 3];
    private ReadOnlyMemory<byte> _remaining = source;
    private int _bufferStart;
    private int _bufferEnd;
    private bool _flushed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("The decoded length of a base64 stream is known only after reading it.");

    public override long Position
    {
        get => throw new NotSupportedException("A decoding stream cannot seek.");
        set => throw new NotSupportedException("A decoding stream cannot seek.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_bufferStart == _bufferEnd)
        {
            if (!Fill())
            {
                return 0;
            }
        }

        var n = Math.Min(buffer.Length, _bufferEnd - _bufferStart);
        _buffer.AsSpan(_bufferStart, n).CopyTo(buffer);
        _bufferStart += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A decoding stream cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A decoding stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A decoding stream is read-only.");

    private bool Fill()
    {
        _bufferStart = 0;
        if (_remaining.IsEmpty)
        {
            if (_flushed)
            {
                return false;
            }

            _flushed = true;
            _bufferEnd = _decoder.Flush(_buffer);
            return true;
        }

        var take = Math.Min(ChunkInput, _remaining.Length);
        _bufferEnd = _decoder.Decode(_remaining.Span[..take], _buffer);
        _remaining = _remaining[take..];
        return true;
    }
}
