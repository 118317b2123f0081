namespace ContactCenter.Mail.Mime;

/// <summary>Quoted-printable (RFC 2045 §6.7) decoding and encoding for bodies.</summary>
internal static class QuotedPrintable
{
    /// <summary>
    /// Decodes a quoted-printable body: soft line breaks are removed, "=XX" becomes a byte (lower-case hex is
    /// accepted), an "=" that starts no valid escape is kept as it is, and trailing whitespace on a line is
    /// dropped as rule 3 of §6.7 requires.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> input, out bool invalidEscapes)
    {
        invalidEscapes = false;
        var output = new byte[input.Length];
        var n = 0;
        while (!input.IsEmpty)
        {
            var lf = input.IndexOf((byte)'\n');
            var line = lf < 0 ? input : input[..lf];
            var hasCr = !line.IsEmpty && line[^1] == (byte)'\r';
            if (hasCr)
            {
                line = line[..^1];
            }

            line = line.TrimEnd(" \t"u8);
            var soft = false;
            for (var i = 0; i < line.Length; i++)
            {
                var b = line[i];
                if (b != (byte)'=')
                {
                    output[n++] = b;
                    continue;
                }

                if (i == line.Length - 1)
                {
                    soft = true;
                    break;
                }

                if (i + 2 < line.Length && HexValue(line[i + 1]) is var hi and >= 0 && HexValue(line[i + 2]) is var lo and >= 0)
                {
                    output[n++] = (byte)((hi << 4) | lo);
                    i += 2;
                    continue;
                }

                invalidEscapes = true;
                output[n++] = b;
            }

            if (lf < 0)
            {
                break;
            }

            if (!soft)
            {
                if (hasCr)
                {
                    output[n++] = (byte)'\r';
                }

                output[n++] = (byte)'\n';
            }

            input = input[(lf + 1)..];
        }

        return output.AsSpan(0, n).ToArray();
    }

    /// <summary>
    /// Encodes text bytes whose line breaks are CRLF: lines of at most 76 characters with soft breaks; "=", control
    /// bytes, 8-bit bytes and whitespace before a line break are escaped.
    /// </summary>
    public static void Encode(ReadOnlySpan<byte> input, Stream output)
    {
        const int MaxLine = 76;
        Span<byte> escape = stackalloc byte[3];
        var line = new List<byte>(MaxLine + 4);
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == (byte)'\r' && i + 1 < input.Length && input[i + 1] == (byte)'\n')
            {
                output.Write(line.ToArray());
                output.Write("\r\n"u8);
                line.Clear();
                i++;
                continue;
            }

            var atLineEnd = i + 1 == input.Length || (input[i + 1] == (byte)'\r' && i + 2 < input.Length && input[i + 2] == (byte)'\n');
            var plain = (b is >= 33 and <= 126 && b != (byte)'=') || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            var width = plain ? 1 : 3;
            if (line.Count + width > MaxLine - 1)
            {
                line.Add((byte)'=');
                output.Write(line.ToArray());
                output.Write("\r\n"u8);
                line.Clear();
            }

            if (plain)
            {
                line.Add(b);
            }
            else
            {
                escape[0] = (byte)'=';
                escape[1] = Hex(b >> 4);
                escape[2] = Hex(b & 0xF);
                line.AddRange(escape);
            }
        }

        output.Write(line.ToArray());
    }

    internal static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };

    private static byte Hex(int value) => (byte)"0123456789ABCDEF"[value];
}
