namespace ContactCenter.Mail.Mime;

/// <summary>Reads a message stream into one buffer, stopping at <see cref="MimeParserOptions.MaxMessageBytes"/>.</summary>
internal static class MessageReader
{
    public static ReadOnlyMemory<byte> Read(Stream stream, MimeParserOptions options, List<MimeError> errors)
    {
        var buffer = new byte[InitialSize(stream, options)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // Probe before growing: a seekable stream was sized exactly, and doubling it for nothing costs a copy.
                var probe = stream.ReadByte();
                if (probe < 0)
                {
                    return buffer;
                }

                if (!Grow(ref buffer, options))
                {
                    return Truncated(true, buffer, options, errors);
                }

                buffer[length++] = (byte)probe;
            }

            var n = stream.Read(buffer, length, buffer.Length - length);
            if (n == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += n;
        }
    }

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(Stream stream, MimeParserOptions options, List<MimeError> errors, CancellationToken cancellationToken)
    {
        var buffer = new byte[InitialSize(stream, options)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var probe = new byte[1];
                if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return buffer;
                }

                if (!Grow(ref buffer, options))
                {
                    return Truncated(true, buffer, options, errors);
                }

                buffer[length++] = probe[0];
            }

            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += n;
        }
    }

    public static void Exceeded(MimeParserOptions options, List<MimeError> errors)
    {
        if (options.ThrowOnLimitExceeded)
        {
            throw new MimeLimitExceededException(MimeLimit.MessageSize, options.MaxMessageBytes);
        }

        errors.Add(new MimeError(MimeErrorKind.LimitExceeded, MimeLimitExceededException.Describe(MimeLimit.MessageSize, options.MaxMessageBytes)));
    }

    private static ReadOnlyMemory<byte> Truncated(bool more, byte[] buffer, MimeParserOptions options, List<MimeError> errors)
    {
        if (more)
        {
            Exceeded(options, errors);
        }

        return buffer;
    }

    private static int InitialSize(Stream stream, MimeParserOptions options)
    {
        var max = (int)Math.Min(options.MaxMessageBytes, Array.MaxLength);
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            return (int)Math.Clamp(remaining, 1, max);
        }

        return Math.Min(64 * 1024, Math.Max(1, max));
    }

    private static bool Grow(ref byte[] buffer, MimeParserOptions options)
    {
        var max = (int)Math.Min(options.MaxMessageBytes, Array.MaxLength);
        if (buffer.Length >= max)
        {
            return false;
        }

        var bigger = new byte[(int)Math.Min((long)buffer.Length * 2, max)];
        buffer.CopyTo(bigger, 0);
        buffer = bigger;
        return true;
    }
}
