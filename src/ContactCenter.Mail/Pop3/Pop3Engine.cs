using System.Text;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Pop3;

/// <summary>
/// POP3 command/response exchange (RFC 1939 section 3): single-line "+OK"/"-ERR" status responses and
/// multi-line responses ended by "." with dot-unstuffing, streamed line by line.
/// </summary>
internal sealed class Pop3Engine(MailTransport transport)
{
    // RFC 2449 section 4: response lines are at most 512 octets; message lines in RETR may be longer (RFC 5322 allows 998,
    // broken mail has more), so message data gets a generous bound.
    private const int MaxStatusLine = 64 * 1024;
    private const int MaxDataLine = 16 * 1024 * 1024;
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    public MailTransport Transport { get; } = transport;

    /// <summary>Sends a command and reads its status line.</summary>
    /// <exception cref="MailCommandException">The server answered -ERR (unless <paramref name="allowError"/>).</exception>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The answer is neither +OK nor -ERR.</exception>
    public async Task<Pop3Response> CommandAsync(string command, string verb, CancellationToken cancellationToken, bool allowError = false)
    {
        await Transport.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken).ConfigureAwait(false);
        await Transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        var response = await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
        if (!response.Ok && !allowError)
        {
            throw new MailCommandException(verb, "-ERR", response.Text);
        }

        return response;
    }

    /// <summary>Reads a status line: "+OK text", "-ERR text", or "+ challenge" (SASL, RFC 5034).</summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out.</exception>
    /// <exception cref="MailProtocolException">The line is neither.</exception>
    public async Task<Pop3Response> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var line = await Transport.ReadLineAsync(MaxStatusLine, cancellationToken).ConfigureAwait(false);
        string text = MailText.Decode(line.Span);
        if (text.StartsWith("+OK", StringComparison.OrdinalIgnoreCase))
        {
            return new Pop3Response(true, false, text.Length > 3 ? text[3..].TrimStart() : string.Empty);
        }

        if (text.StartsWith("-ERR", StringComparison.OrdinalIgnoreCase))
        {
            return new Pop3Response(false, false, text.Length > 4 ? text[4..].TrimStart() : string.Empty);
        }

        if (text.StartsWith('+'))
        {
            return new Pop3Response(false, true, text[1..].TrimStart());
        }

        Transport.Break("malformed response");
        throw new MailProtocolException($"Malformed POP3 response: \"{(text.Length > 200 ? text[..200] + "…" : text)}\"");
    }

    /// <summary>
    /// Copies a multi-line response body to <paramref name="destination"/>, undoing dot-stuffing (RFC 1939 section 3),
    /// with CRLF line ends. Returns the number of bytes written.
    /// </summary>
    /// <exception cref="MailConnectionException">The connection broke or timed out before the terminating ".".</exception>
    public async Task<long> ReadMultilineAsync(Stream destination, CancellationToken cancellationToken)
    {
        long written = 0;
        while (true)
        {
            var line = await Transport.ReadLineAsync(MaxDataLine, cancellationToken).ConfigureAwait(false);
            if (line.Length == 1 && line.Span[0] == (byte)'.')
            {
                return written;
            }

            if (line.Length > 0 && line.Span[0] == (byte)'.')
            {
                line = line[1..];
            }

            await destination.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await destination.WriteAsync(Crlf, cancellationToken).ConfigureAwait(false);
            written += line.Length + 2;
        }
    }

    /// <summary>Reads a multi-line response as text lines (CAPA, LIST, UIDL).</summary>
    public async Task<List<string>> ReadLinesAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await ReadMultilineAsync(buffer, cancellationToken).ConfigureAwait(false);
        return [.. Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }
}

/// <summary>A POP3 status line: +OK, -ERR or a SASL continuation ("+ ...").</summary>
internal sealed record Pop3Response(bool Ok, bool Continuation, string Text);
