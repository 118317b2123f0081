namespace ContactCenter.Mail.Tests.Support;

/// <summary>
/// Wraps a connection and slows its reads down, so that a large response is still in flight when a test cuts the
/// server off; signals once a given number of bytes has been read (proof that the transfer had started).
/// </summary>
public sealed class ThrottledStream(Stream inner, int chunk, TimeSpan delay, long signalAfter) : Stream
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _read;

    /// <summary>Completes once <c>signalAfter</c> bytes have been read.</summary>
    public Task TransferStarted => _started.Task;

    public long BytesRead => Interlocked.Read(ref _read);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        int n = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
        if (Interlocked.Add(ref _read, n) >= signalAfter)
        {
            _started.TrySetResult();
        }

        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
