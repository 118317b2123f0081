using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// UTF-7 decoding (RFC 2152). .NET 5+ refuses UTF-7 (SYSLIB0001), yet old mail still declares it, so this
/// small decoder reads it: "+" starts modified base64 of UTF-16BE, "-" or any non-base64 byte ends it, "+-" is "+".
/// </summary>
internal static class Utf7
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b != (byte)'+')
            {
                text.Append((char)(b < 0x80 ? b : 0xFFFD));
                i++;
                continue;
            }

            i++;
            if (i < bytes.Length && bytes[i] == (byte)'-')
            {
                text.Append('+');
                i++;
                continue;
            }

            int bits = 0, bitCount = 0;
            while (i < bytes.Length)
            {
                var value = Base64Value(bytes[i]);
                if (value < 0)
                {
                    break;
                }

                bits = (bits << 6) | value;
                bitCount += 6;
                if (bitCount >= 16)
                {
                    bitCount -= 16;
                    text.Append((char)((bits >> bitCount) & 0xFFFF));
                }

                i++;
            }

            if (i < bytes.Length && bytes[i] == (byte)'-')
            {
                i++;
            }
        }

        return text.ToString();
    }

    private static int Base64Value(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };
}
