using System.Buffers.Text;
using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>RFC 2047 encoded words ("=?charset?B|Q?text?=") in header text: decoding and encoding.</summary>
public static class EncodedWords
{
    // RFC 2047 §2: an encoded word is at most 75 characters; 39 bytes make a 64-character word, which leaves room
    // for a field name such as "Subject: " on the first line within 78 characters.
    private const int MaxBytesPerWord = 39;
    private const int MaxWordLength = 2000;

    /// <summary>
    /// Decodes the encoded words in <paramref name="text"/>. Whitespace between adjacent encoded words is dropped
    /// (§6.2), adjacent words in the same charset are joined before decoding so that a character split across
    /// two words survives, and malformed words are left as they are. Never throws.
    /// </summary>
    public static string Decode(string text)
    {
        var start = text.IndexOf("=?", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var pending = new List<byte>();
        string? pendingCharset = null;
        var previousWasWord = false;
        var i = 0;
        while (i < text.Length)
        {
            var at = text.IndexOf("=?", i, StringComparison.Ordinal);
            if (at < 0)
            {
                Flush();
                result.Append(text, i, text.Length - i);
                break;
            }

            if (!TryParseWord(text, at, out var end, out var charset, out var bytes))
            {
                Flush();
                result.Append(text, i, at + 2 - i);
                previousWasWord = false;
                i = at + 2;
                continue;
            }

            var between = text.AsSpan(i, at - i);
            if (!(previousWasWord && between.IsWhiteSpace()))
            {
                Flush();
                result.Append(between);
            }

            if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }

            pendingCharset = charset;
            pending.AddRange(bytes);
            previousWasWord = true;
            i = end;
        }

        Flush();
        return result.ToString();

        void Flush()
        {
            if (pendingCharset is null)
            {
                return;
            }

            result.Append(Charsets.Decode(pending.ToArray(), pendingCharset));
            pending.Clear();
            pendingCharset = null;
        }
    }

    /// <summary>
    /// Encodes <paramref name="text"/> as a sequence of UTF-8 "B" encoded words separated by spaces when it holds
    /// non-ASCII characters or a word too long for one line; otherwise returns it unchanged.
    /// </summary>
    public static string Encode(string text)
    {
        if (!NeedsEncoding(text))
        {
            return text;
        }

        var words = new List<string>();
        Span<byte> runeBytes = stackalloc byte[4];
        var chunk = new List<byte>(MaxBytesPerWord);
        foreach (var rune in text.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(runeBytes);
            if (chunk.Count + n > MaxBytesPerWord)
            {
                words.Add(Word(chunk));
                chunk.Clear();
            }

            for (var k = 0; k < n; k++)
            {
                chunk.Add(runeBytes[k]);
            }
        }

        if (chunk.Count > 0)
        {
            words.Add(Word(chunk));
        }

        return string.Join(' ', words);

        static string Word(List<byte> bytes) => "=?utf-8?B?" + Convert.ToBase64String(bytes.ToArray()) + "?=";
    }

    /// <summary>True when text must be encoded to go into a header: non-ASCII, control characters, a very long word or something that looks like an encoded word.</summary>
    internal static bool NeedsEncoding(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            if (c >= 0x7F || (c < 0x20 && c != '\t'))
            {
                return true;
            }

            run = c is ' ' or '\t' ? 0 : run + 1;
            if (run > 900)
            {
                return true;
            }
        }

        return text.Contains("=?", StringComparison.Ordinal);
    }

    private static bool TryParseWord(string text, int at, out int end, out string charset, out byte[] bytes)
    {
        end = 0;
        charset = string.Empty;
        bytes = [];

        // Searches stay within a window: RFC 2047 words are at most 75 characters, and an unbounded search for "?="
        // after every "=?" would make hostile headers quadratic. Lenient encoders exceed 75, hence the margin.
        var window = Math.Min(text.Length, at + MaxWordLength);
        var q1 = text.IndexOf('?', at + 2, window - at - 2);
        if (q1 < 0 || q1 == at + 2 || q1 + 2 >= text.Length || text[q1 + 2] != '?')
        {
            return false;
        }

        var encoding = char.ToUpperInvariant(text[q1 + 1]);
        if (encoding is not ('B' or 'Q'))
        {
            return false;
        }

        var close = q1 + 3 >= window ? -1 : text.IndexOf("?=", q1 + 3, window - q1 - 3, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        var name = text.AsSpan(at + 2, q1 - at - 2);
        var payload = text.AsSpan(q1 + 3, close - q1 - 3);
        if (name.ContainsAny(" \t\r\n") || payload.ContainsAny(" \t\r\n"))
        {
            return false;
        }

        // RFC 2231 §5 lets the charset carry a language: "=?utf-8*de?Q?...?=".
        var star = name.IndexOf('*');
        charset = (star < 0 ? name : name[..star]).ToString();
        bytes = encoding == 'B' ? DecodeB(payload) : DecodeQ(payload);
        end = close + 2;
        return true;
    }

    private static byte[] DecodeB(ReadOnlySpan<char> payload)
    {
        var ascii = new byte[payload.Length];
        for (var k = 0; k < payload.Length; k++)
        {
            ascii[k] = payload[k] < 0x80 ? (byte)payload[k] : (byte)'?';
        }

        if (Base64.IsValid(ascii))
        {
            var exact = new byte[Base64.GetMaxDecodedFromUtf8Length(ascii.Length)];
            Base64.DecodeFromUtf8(ascii, exact, out _, out var written);
            return exact.AsSpan(0, written).ToArray();
        }

        return Base64Decoder.DecodeAll(ascii, out _);
    }

    private static byte[] DecodeQ(ReadOnlySpan<char> payload)
    {
        var bytes = new List<byte>(payload.Length);
        for (var k = 0; k < payload.Length; k++)
        {
            var c = payload[k];
            if (c == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '=' && k + 2 < payload.Length && HexValue(payload[k + 1]) is var hi and >= 0 && HexValue(payload[k + 2]) is var lo and >= 0)
            {
                bytes.Add((byte)((hi << 4) | lo));
                k += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }

    private static int HexValue(char c) => c < 0x80 ? QuotedPrintable.HexValue((byte)c) : -1;
}
