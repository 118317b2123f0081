using System.Text;

namespace ContactCenter.Mail.Tests.Support;

/// <summary>
/// A fake server connection that replays a recorded transcript: the server's lines are handed to the client
/// only after the client has written exactly the lines the transcript expects before them. A client that
/// writes something else sees the connection fail, and <see cref="AssertCompleted"/> reports the difference.
/// </summary>
public sealed class ScriptedServerStream : Stream
{
    private readonly Queue<Step> _steps = new();
    private readonly MemoryStream _written = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Lock _lock = new();
    private byte[]? _current;
    private int _currentOffset;
    private string? _mismatch;

    private abstract record Step;

    private sealed record ServerSends(byte[] Data) : Step;

    private sealed record ClientSends(byte[] Data) : Step;

    private sealed record ServerCloses : Step;

    private sealed record ServerHangs : Step;

    /// <summary>Builds a stream from transcript lines: "S: text" the server sends, "C: text" the client must send,
    /// "S: &lt;close&gt;" the server drops the connection. CRLF is added to each line.</summary>
    public static ScriptedServerStream FromTranscript(params string[] lines)
    {
        var stream = new ScriptedServerStream();
        foreach (var line in lines)
        {
            if (line == "S: <close>")
            {
                stream.Close_();
            }
            else if (line == "S: <hang>")
            {
                stream.Hang();
            }
            else if (line.StartsWith("S: ", StringComparison.Ordinal))
            {
                stream.Server(line[3..] + "\r\n");
            }
            else if (line.StartsWith("C: ", StringComparison.Ordinal))
            {
                stream.Client(line[3..] + "\r\n");
            }
            else
            {
                throw new ArgumentException($"Transcript line must start with \"S: \" or \"C: \": {line}");
            }
        }

        return stream;
    }

    /// <summary>Adds raw bytes the server sends.</summary>
    public ScriptedServerStream Server(string text) => Server(Encoding.UTF8.GetBytes(text));

    /// <summary>Adds raw bytes the server sends.</summary>
    public ScriptedServerStream Server(byte[] data)
    {
        _steps.Enqueue(new ServerSends(data));
        return this;
    }

    /// <summary>Adds raw bytes the client must send next.</summary>
    public ScriptedServerStream Client(string text) => Client(Encoding.UTF8.GetBytes(text));

    /// <summary>Adds raw bytes the client must send next.</summary>
    public ScriptedServerStream Client(byte[] data)
    {
        _steps.Enqueue(new ClientSends(data));
        return this;
    }

    /// <summary>The server closes the connection at this point.</summary>
    public ScriptedServerStream Close_()
    {
        _steps.Enqueue(new ServerCloses());
        return this;
    }

    /// <summary>The server stops answering, as a stuck server or a dead network would: reads wait until cancelled.</summary>
    public ScriptedServerStream Hang()
    {
        _steps.Enqueue(new ServerHangs());
        return this;
    }

    /// <summary>Everything the client wrote.</summary>
    public string Written => Encoding.UTF8.GetString(_written.ToArray());

    /// <summary>Fails unless the client wrote exactly what the transcript expects and everything was replayed.</summary>
    public void AssertCompleted()
    {
        lock (_lock)
        {
            Assert.Null(_mismatch);
            var left = _steps.Where(s => s is not (ServerCloses or ServerHangs)).ToList();
            Assert.True(left.Count == 0, $"Transcript not finished; next step: {Describe(left.FirstOrDefault())}\nclient wrote:\n{Written}");
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            bool hang = false;
            lock (_lock)
            {
                if (_mismatch is not null)
                {
                    throw new IOException("transcript mismatch: " + _mismatch);
                }

                if (_current is null && _steps.TryPeek(out var step))
                {
                    if (step is ServerSends send)
                    {
                        _steps.Dequeue();
                        _current = send.Data;
                        _currentOffset = 0;
                    }
                    else if (step is ServerCloses)
                    {
                        return 0;
                    }
                    else if (step is ServerHangs)
                    {
                        hang = true;
                    }
                }
                else if (_current is null)
                {
                    // Transcript exhausted: the server hangs up.
                    return 0;
                }

                if (_current is not null)
                {
                    int n = Math.Min(buffer.Length, _current.Length - _currentOffset);
                    _current.AsSpan(_currentOffset, n).CopyTo(buffer.Span);
                    _currentOffset += n;
                    if (_currentOffset == _current.Length)
                    {
                        _current = null;
                    }

                    return n;
                }
            }

            if (hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            // The client must write first.
            await _changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_mismatch is not null)
            {
                throw new IOException("transcript mismatch: " + _mismatch);
            }

            _written.Write(buffer.Span);
            var pending = _written.ToArray().AsSpan((int)_matched);
            while (_steps.TryPeek(out var step) && step is ClientSends expected && pending.Length >= expected.Data.Length)
            {
                if (!pending[..expected.Data.Length].SequenceEqual(expected.Data))
                {
                    _mismatch = $"expected client to send {Show(expected.Data)} but it sent {Show(pending[..expected.Data.Length].ToArray())}";
                    break;
                }

                _steps.Dequeue();
                _matched += expected.Data.Length;
                pending = pending[expected.Data.Length..];
            }

            if (_mismatch is null && pending.Length > 0 && (!_steps.TryPeek(out var next) || next is not ClientSends))
            {
                _mismatch = $"client sent unexpected {Show(pending.ToArray())}; next step: {Describe(_steps.FirstOrDefault())}";
            }

        }

        _changed.Release();
        return ValueTask.CompletedTask;
    }

    private long _matched;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _changed.Release();
        base.Dispose(disposing);
    }

    private static string Show(byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        if (text.Length > 300)
        {
            text = text[..300] + "…";
        }

        return "\"" + text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
    }

    private static string Describe(Step? step) => step switch
    {
        null => "(none)",
        ServerSends s => "server sends " + Show(s.Data),
        ClientSends c => "client sends " + Show(c.Data),
        _ => "server closes",
    };
}
