using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace ContactCenter.Mail.Net;

/// <summary>
/// The framing layer under every protocol engine: a buffered byte stream with CRLF line reads, exact-length
/// reads for literals, buffered writes, TLS upgrade and per-operation timeouts. Any I/O failure or timeout marks
/// the transport broken and surfaces as <see cref="MailConnectionException"/>; a broken transport refuses all
/// further use, so no caller ever continues on a half-read response.
/// </summary>
internal sealed class MailTransport : IAsyncDisposable
{
    private const int MinBufferSize = 64 * 1024;
    private readonly TcpClient? _tcp;
    private readonly string _host;
    private readonly TimeSpan _timeout;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _extraCa;
    private Stream _stream;
    private byte[] _readBuffer = new byte[MinBufferSize];
    private int _readStart;
    private int _readEnd;
    private readonly byte[] _writeBuffer = new byte[MinBufferSize];
    private int _writeCount;
    private string? _brokenReason;

    private MailTransport(Stream stream, TcpClient? tcp, string host, TimeSpan timeout, System.Security.Cryptography.X509Certificates.X509Certificate2? extraCa)
    {
        _stream = stream;
        _tcp = tcp;
        _host = host;
        _timeout = timeout;
        _extraCa = extraCa;
    }

    public bool IsTls => _stream is SslStream;

    public bool IsBroken => _brokenReason is not null;

    /// <summary>While set, reads wait without the per-operation timeout (IMAP IDLE waits for the server for many minutes).</summary>
    public bool TimeoutSuspended
    {
        get => Volatile.Read(ref _timeoutSuspended);
        set => Volatile.Write(ref _timeoutSuspended, value);
    }

    private bool _timeoutSuspended;

    /// <summary>Opens a TCP connection and, for implicit TLS, completes the handshake.</summary>
    /// <exception cref="MailConnectionException">The connection or handshake failed or timed out.</exception>
    public static async Task<MailTransport> ConnectAsync(MailConnectionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.Timeout);
                try
                {
                    await tcp.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new MailConnectionException($"Connecting to {options.Host}:{options.Port} timed out after {options.Timeout.TotalSeconds:0.#} s.");
                }
                catch (SocketException e)
                {
                    throw new MailConnectionException($"Cannot connect to {options.Host}:{options.Port}: {e.Message}", e);
                }
            }

            var transport = new MailTransport(tcp.GetStream(), tcp, options.Host, options.Timeout, options.ExtraTrustedCa);
            if (options.Security == MailSecurity.ImplicitTls)
            {
                await transport.StartTlsAsync(cancellationToken).ConfigureAwait(false);
            }

            return transport;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Runs the protocol over a stream the caller opened (tests replay transcripts this way).</summary>
    public static MailTransport FromStream(Stream stream, string host, TimeSpan timeout, System.Security.Cryptography.X509Certificates.X509Certificate2? extraCa = null) =>
        new(stream, null, host, timeout, extraCa);

    /// <summary>Performs the TLS handshake on the current stream (implicit TLS, or after STARTTLS/STLS was accepted).</summary>
    /// <exception cref="MailProtocolException">The server sent data ahead of the handshake (a command injection attempt).</exception>
    /// <exception cref="MailConnectionException">The handshake failed, the certificate was not trusted, or it timed out.</exception>
    public async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        // RFC 3207 section 4.2 / RFC 2595 section 3.1: anything the server sent before the handshake must be discarded;
        // plaintext that arrived together with the "go ahead" is an injection attempt (CVE-2011-0411 class), so refuse it.
        if (_readEnd > _readStart)
        {
            Break("plaintext after STARTTLS");
            throw new MailProtocolException("The server sent unencrypted data after agreeing to start TLS; the connection was closed.");
        }

        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = _host,
                RemoteCertificateValidationCallback = TlsValidation.Create(_extraCa),
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            Break("TLS failed");
            throw new MailConnectionException($"TLS handshake with {_host} failed (is the server certificate trusted and issued for this host?): {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Break("TLS timeout");
            throw new MailConnectionException($"TLS handshake with {_host} timed out after {_timeout.TotalSeconds:0.#} s.");
        }
        catch (IOException e)
        {
            Break("TLS failed");
            throw new MailConnectionException($"TLS handshake with {_host} failed: {e.Message}", e);
        }

        _stream = ssl;
    }

    /// <summary>
    /// Reads one line and returns it without its CRLF (a bare LF is accepted too). The memory points into the
    /// transport's buffer and is valid only until the next read.
    /// </summary>
    /// <exception cref="MailProtocolException">The line is longer than <paramref name="maxLength"/>.</exception>
    /// <exception cref="MailConnectionException">The connection closed, broke or timed out.</exception>
    public async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        int scanned = 0;
        while (true)
        {
            int index = _readBuffer.AsSpan(_readStart + scanned, _readEnd - _readStart - scanned).IndexOf((byte)'\n');
            if (index >= 0)
            {
                int lineEnd = _readStart + scanned + index;
                int start = _readStart;
                _readStart = lineEnd + 1;
                int length = lineEnd - start;
                if (length > 0 && _readBuffer[lineEnd - 1] == (byte)'\r')
                {
                    length--;
                }

                return new ReadOnlyMemory<byte>(_readBuffer, start, length);
            }

            scanned = _readEnd - _readStart;
            if (scanned > maxLength)
            {
                Break("line too long");
                throw new MailProtocolException($"The server sent a line longer than {maxLength} bytes.");
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes (an IMAP literal).</summary>
    /// <exception cref="MailConnectionException">The connection closed, broke or timed out before all bytes arrived.</exception>
    public async ValueTask ReadExactAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            if (_readEnd == _readStart)
            {
                // Large literals bypass the buffer: read straight into the destination.
                if (destination.Length >= _readBuffer.Length)
                {
                    int read = await ReadRawAsync(destination, cancellationToken).ConfigureAwait(false);
                    destination = destination[read..];
                    continue;
                }

                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            int n = Math.Min(destination.Length, _readEnd - _readStart);
            _readBuffer.AsMemory(_readStart, n).CopyTo(destination);
            _readStart += n;
            destination = destination[n..];
        }
    }

    /// <summary>Queues bytes for sending; they go out when the buffer fills or on <see cref="FlushAsync"/>.</summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        while (data.Length > 0)
        {
            if (_writeCount == 0 && data.Length >= _writeBuffer.Length)
            {
                await WriteRawAsync(data, cancellationToken).ConfigureAwait(false);
                return;
            }

            int n = Math.Min(data.Length, _writeBuffer.Length - _writeCount);
            data.Span[..n].CopyTo(_writeBuffer.AsSpan(_writeCount));
            _writeCount += n;
            data = data[n..];
            if (_writeCount == _writeBuffer.Length)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends everything queued.</summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        if (_writeCount > 0)
        {
            int count = _writeCount;
            _writeCount = 0;
            await WriteRawAsync(_writeBuffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }

        await Guard(async token => { await _stream.FlushAsync(token).ConfigureAwait(false); return 0; }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the transport unusable (after a protocol violation the stream position is unknown).</summary>
    public void Break(string reason) => _brokenReason ??= reason;

    public async ValueTask DisposeAsync()
    {
        Break("closed");
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Closing a connection the peer already dropped may fail; there is nothing left to release.
        }

        _tcp?.Dispose();
    }

    private void ThrowIfBroken()
    {
        if (_brokenReason is not null)
        {
            throw new MailConnectionException($"The connection to {_host} is no longer usable ({_brokenReason}); connect again.");
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_readStart > 0)
        {
            Buffer.BlockCopy(_readBuffer, _readStart, _readBuffer, 0, _readEnd - _readStart);
            _readEnd -= _readStart;
            _readStart = 0;
        }

        if (_readEnd == _readBuffer.Length)
        {
            Array.Resize(ref _readBuffer, _readBuffer.Length * 2);
        }

        int read = await ReadRawAsync(_readBuffer.AsMemory(_readEnd), cancellationToken).ConfigureAwait(false);
        _readEnd += read;
    }

    private async ValueTask<int> ReadRawAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        int read = await Guard(token => _stream.ReadAsync(destination, token), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            Break("closed by the server");
            throw new MailConnectionException($"The server {_host} closed the connection.");
        }

        return read;
    }

    private ValueTask WriteRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        new(Guard(async token => { await _stream.WriteAsync(data, token).ConfigureAwait(false); return 0; }, cancellationToken).AsTask());

    private async ValueTask<int> Guard(Func<CancellationToken, ValueTask<int>> operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!TimeoutSuspended)
        {
            timeout.CancelAfter(_timeout);
        }

        try
        {
            return await operation(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Break("timeout");
            throw new MailConnectionException($"The server {_host} did not respond within {_timeout.TotalSeconds:0.#} s.");
        }
        catch (OperationCanceledException)
        {
            // The caller cancelled mid-exchange: the position in the response is unknown.
            Break("cancelled");
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Break("connection lost");
            throw new MailConnectionException($"The connection to {_host} broke: {e.Message}", e);
        }
    }
}
