using System.Globalization;
using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>A parameter of Content-Type or Content-Disposition, with continuations and charset already applied.</summary>
/// <param name="Name">The parameter name, lower case, without RFC 2231 section markers.</param>
/// <param name="Value">The decoded value.</param>
public sealed record MimeParameter(string Name, string Value);

/// <summary>
/// Parses "value; name=token; name="quoted"" header bodies (RFC 2045 §5.1) with the RFC 2231 extensions
/// (name*0=, name*1*=, name*=charset'lang'%XX) and the common RFC 2047-in-quotes habit of older clients.
/// Tolerant: unquoted values with spaces, missing quotes and stray semicolons are accepted.
/// </summary>
internal static class MimeParameterParser
{
    // A continuation index beyond this is hostile, not real; RFC 2231 sections are small consecutive numbers.
    private const int MaxSection = 1000;

    public static (string Value, IReadOnlyList<MimeParameter> Parameters) Parse(string text)
    {
        var i = 0;
        SkipCfws(text, ref i);
        var start = i;
        while (i < text.Length && text[i] != ';')
        {
            i++;
        }

        var value = StripComments(text[start..i]).Trim();
        var raw = new List<(string Name, int Section, bool Encoded, string Value)>();
        while (i < text.Length)
        {
            i++; // ';'
            SkipCfws(text, ref i);
            var nameStart = i;
            while (i < text.Length && text[i] is not ('=' or ';'))
            {
                i++;
            }

            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] == ';')
            {
                continue;
            }

            i++; // '='
            SkipCfws(text, ref i);
            string paramValue;
            if (i < text.Length && text[i] == '"')
            {
                paramValue = ReadQuoted(text, ref i);
                while (i < text.Length && text[i] != ';')
                {
                    i++;
                }
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ';')
                {
                    i++;
                }

                paramValue = StripComments(text[valueStart..i]).Trim();
            }

            if (name.Length > 0)
            {
                raw.Add(Split(name, paramValue));
            }
        }

        return (value, Assemble(raw));
    }

    private static (string Name, int Section, bool Encoded, string Value) Split(string name, string value)
    {
        var encoded = name.EndsWith('*');
        var bare = encoded ? name[..^1] : name;
        var section = -1;
        var star = bare.IndexOf('*');
        if (star >= 0)
        {
            if (!int.TryParse(bare.AsSpan(star + 1), NumberStyles.None, CultureInfo.InvariantCulture, out section) || section > MaxSection)
            {
                section = MaxSection + 1;
            }

            bare = bare[..star];
        }

        return (bare.ToLowerInvariant(), section, encoded, value);
    }

    private static List<MimeParameter> Assemble(List<(string Name, int Section, bool Encoded, string Value)> raw)
    {
        var result = new List<MimeParameter>();
        foreach (var group in raw.GroupBy(p => p.Name))
        {
            var parts = group.Where(p => p.Section <= MaxSection).ToList();
            if (parts.Count == 0)
            {
                continue;
            }

            // RFC 2231 wins over a plain parameter of the same name (clients send both for old readers).
            var extended = parts.Where(p => p.Section >= 0 || p.Encoded).ToList();
            if (extended.Count == 0)
            {
                var plain = parts[0].Value;
                result.Add(new MimeParameter(group.Key, plain.Contains("=?", StringComparison.Ordinal) ? EncodedWords.Decode(plain) : plain));
                continue;
            }

            extended.Sort((a, b) => a.Section.CompareTo(b.Section));
            string? charset = null;
            var bytes = new List<byte>();
            for (var k = 0; k < extended.Count; k++)
            {
                var part = extended[k];
                var text = part.Value;
                if (part.Encoded && k == 0)
                {
                    // charset'language'value (RFC 2231 §4); only the first section carries them.
                    var q1 = text.IndexOf('\'');
                    var q2 = q1 < 0 ? -1 : text.IndexOf('\'', q1 + 1);
                    if (q2 > q1)
                    {
                        charset = text[..q1];
                        text = text[(q2 + 1)..];
                    }
                }

                if (part.Encoded)
                {
                    PercentDecode(text, bytes);
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text));
                }
            }

            result.Add(new MimeParameter(group.Key, Charsets.Decode(bytes.ToArray(), charset)));
        }

        return result;
    }

    private static void PercentDecode(string text, List<byte> bytes)
    {
        for (var k = 0; k < text.Length; k++)
        {
            var c = text[k];
            if (c == '%' && k + 2 < text.Length && Hex(text[k + 1]) is var hi and >= 0 && Hex(text[k + 2]) is var lo and >= 0)
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
    }

    private static int Hex(char c) => c < 0x80 ? QuotedPrintable.HexValue((byte)c) : -1;

    internal static string ReadQuoted(string text, ref int i)
    {
        var sb = new StringBuilder();
        i++; // opening quote
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == '\\' && i < text.Length)
            {
                sb.Append(text[i++]);
            }
            else if (c == '"')
            {
                break;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    internal static void SkipCfws(string text, ref int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '(')
            {
                SkipComment(text, ref i);
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>Skips a comment, nested ones included, with a counter instead of recursion (RFC 5322 §3.2.2).</summary>
    internal static void SkipComment(string text, ref int i)
    {
        var depth = 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return;
            }
        }
    }

    private static string StripComments(string text)
    {
        if (!text.Contains('('))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '(')
            {
                SkipComment(text, ref i);
            }
            else
            {
                sb.Append(text[i++]);
            }
        }

        return sb.ToString();
    }
}
