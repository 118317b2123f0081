using System.Globalization;
using System.Text;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Smtp;

/// <summary>SMTP command/reply exchange over the framing transport (RFC 5321 section 4.2).</summary>
internal sealed class SmtpEngine(MailTransport transport)
{
    // RFC 5321 section 4.5.3.1.5: a reply line is at most 512 octets; we allow generous slack for real servers.
    private const int MaxReplyLine = 64 * 1024;
    private const int MaxReplyLines = 1000;

    public MailTransport Transport { get; } = transport;

    public async Task<SmtpResponse> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await SendAsync(command, cancellationToken).ConfigureAwait(false);
        return await ReadResponseAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(string command, CancellationToken cancellationToken)
    {
        await Transport.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), cancellationToken).ConfigureAwait(false);
        await Transport.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a possibly multi-line reply ("250-..." continued, "250 ..." last).</summary>
    /// <exception cref="MailProtocolException">The reply is malformed.</exception>
    public async Task<SmtpResponse> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        int code = -1;
        while (true)
        {
            var line = await Transport.ReadLineAsync(MaxReplyLine, cancellationToken).ConfigureAwait(false);
            string text = MailText.Decode(line.Span);
            if (text.Length < 3 || !int.TryParse(text.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int lineCode)
                || lineCode < 200 || lineCode > 599 || (text.Length > 3 && text[3] != ' ' && text[3] != '-'))
            {
                Transport.Break("malformed reply");
                throw new MailProtocolException($"Malformed SMTP reply line: \"{Shorten(text)}\"");
            }

            if (code >= 0 && lineCode != code)
            {
                Transport.Break("malformed reply");
                throw new MailProtocolException($"SMTP reply lines carry different codes ({code} and {lineCode}).");
            }

            code = lineCode;
            lines.Add(text.Length > 4 ? text[4..] : string.Empty);
            if (text.Length == 3 || text[3] == ' ')
            {
                return new SmtpResponse(code, lines);
            }

            if (lines.Count > MaxReplyLines)
            {
                Transport.Break("reply too long");
                throw new MailProtocolException($"SMTP reply has more than {MaxReplyLines} lines.");
            }
        }
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
