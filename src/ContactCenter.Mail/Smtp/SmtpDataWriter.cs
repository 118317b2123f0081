using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Smtp;

/// <summary>
/// Writes message content for DATA (RFC 5321 section 4.5.2): a line starting with "." gets another ".", bare LF
/// and bare CR become CRLF (servers reject bare line ends, and smuggling relies on them), and the content ends
/// with CRLF "." CRLF.
/// </summary>
internal static class SmtpDataWriter
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private static readonly byte[] Dot = "."u8.ToArray();

    /// <summary>Copies the message, dot-stuffed, and ends the data.</summary>
    public static async Task WriteAsync(MailTransport transport, Stream message, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        bool atLineStart = true;
        bool pendingCr = false;
        int read;
        while ((read = await message.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            int runStart = 0;
            for (int i = 0; i < read; i++)
            {
                byte b = buffer[i];
                if (pendingCr)
                {
                    pendingCr = false;
                    if (b == (byte)'\n')
                    {
                        // The CR of this CRLF was already replaced by a full CRLF; skip the LF.
                        runStart = i + 1;
                        continue;
                    }
                }

                if (b == (byte)'\r' || b == (byte)'\n')
                {
                    await transport.WriteAsync(buffer.AsMemory(runStart, i - runStart), cancellationToken).ConfigureAwait(false);
                    await transport.WriteAsync(Crlf, cancellationToken).ConfigureAwait(false);
                    pendingCr = b == (byte)'\r';
                    atLineStart = true;
                    runStart = i + 1;
                    continue;
                }

                if (atLineStart && b == (byte)'.')
                {
                    await transport.WriteAsync(buffer.AsMemory(runStart, i - runStart), cancellationToken).ConfigureAwait(false);
                    await transport.WriteAsync(Dot, cancellationToken).ConfigureAwait(false);
                    runStart = i;
                }

                atLineStart = false;
            }

            await transport.WriteAsync(buffer.AsMemory(runStart, read - runStart), cancellationToken).ConfigureAwait(false);
        }

        if (!atLineStart)
        {
            await transport.WriteAsync(Crlf, cancellationToken).ConfigureAwait(false);
        }

        await transport.WriteAsync(".\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await transport.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
