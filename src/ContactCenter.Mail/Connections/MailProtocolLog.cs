using System.Text;
using MailKit;

namespace ContactCenter.Mail.Connections;

/// <summary>
/// The conversation of one or more connections, as MailKit's <see cref="ProtocolLogger"/> writes it, with secrets
/// removed: MailKit's authentication-secret detection blanks what the client sends while signing in (LOGIN, AUTH
/// PLAIN/LOGIN, PASS), and the passwords named with <see cref="Redact"/> are blanked wherever they still appear.
/// </summary>
public sealed class MailProtocolLog
{
    private const string Hidden = "********";
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();
    private readonly List<string> _secrets = [];
    private readonly Lock _lock = new();

    /// <summary>Adds a secret that must never appear in <see cref="Text"/>.</summary>
    public void Redact(string? secret)
    {
        if (secret is { Length: > 0 })
        {
            lock (_lock)
            {
                _secrets.Add(secret);
                _secrets.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
            }
        }
    }

    /// <summary>The log so far.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                var text = Encoding.UTF8.GetString(_buffer.WrittenSpan);
                foreach (var secret in _secrets)
                {
                    text = text.Replace(secret, Hidden, StringComparison.Ordinal);
                }

                return text;
            }
        }
    }

    /// <summary>A logger for one client; the client sets its secret detector on it.</summary>
    internal ProtocolLogger CreateLogger() => new(new SynchronizedWriter(this), leaveOpen: false) { RedactSecrets = true };

    /// <summary>Lets several clients write into one log without interleaving within a write.</summary>
    private sealed class SynchronizedWriter(MailProtocolLog log) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (log._lock)
            {
                System.Buffers.BuffersExtensions.Write(log._buffer, buffer.AsSpan(offset, count));
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
