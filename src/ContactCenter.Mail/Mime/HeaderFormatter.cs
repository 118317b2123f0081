using System.Globalization;
using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>Formats header fields for writing: encoding (RFC 2047, RFC 2231), quoting and folding (RFC 5322 §2.2.3).</summary>
internal static class HeaderFormatter
{
    private const int PreferredLine = 78;

    /// <summary>Folds "Name: value" at spaces so lines stay within 78 characters where the words allow.</summary>
    public static void AppendField(StringBuilder output, string name, string value)
    {
        output.Append(name).Append(':');
        var lineLength = name.Length + 1;
        foreach (var word in value.Split(' '))
        {
            if (word.Length > 0 && lineLength + 1 + word.Length > PreferredLine && lineLength > name.Length + 1)
            {
                output.Append("\r\n");
                lineLength = 0;
            }

            output.Append(' ').Append(word);
            lineLength += 1 + word.Length;
        }

        output.Append("\r\n");
    }

    /// <summary>Throws when a value given to the writer could inject a header or a line (CR, LF or NUL).</summary>
    /// <exception cref="ArgumentException">The value holds CR, LF or NUL.</exception>
    public static void RejectLineBreaks(string? value, string what)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException($"{what} must not contain CR, LF or NUL characters.", nameof(value));
        }
    }

    public static string Mailboxes(IEnumerable<MailboxAddress> addresses) => string.Join(", ", addresses.Select(Mailbox));

    /// <exception cref="ArgumentException">The address is not a single addr-spec.</exception>
    public static string Mailbox(MailboxAddress address)
    {
        RejectLineBreaks(address.Name, "A display name");
        RejectLineBreaks(address.Address, "An address");
        var at = address.Address.LastIndexOf('@');
        if (at <= 0 || at == address.Address.Length - 1 || address.Address.AsSpan().IndexOfAny("<>, \t") >= 0)
        {
            throw new ArgumentException($"'{address.Address}' is not an e-mail address.", nameof(address));
        }

        // Non-ASCII domains go out as A-labels (RFC 5890); a UTF-8 local part stays UTF-8 (RFC 6532).
        var domain = address.Address[(at + 1)..];
        if (!Ascii.IsValid(domain))
        {
            domain = new IdnMapping().GetAscii(domain);
        }

        var addrSpec = address.Address[..at] + "@" + domain;
        if (string.IsNullOrEmpty(address.Name))
        {
            return "<" + addrSpec + ">";
        }

        return Phrase(address.Name) + " <" + addrSpec + ">";
    }

    /// <summary>A display name as an atom sequence, a quoted string, or encoded words when it is not ASCII.</summary>
    public static string Phrase(string name)
    {
        if (EncodedWords.NeedsEncoding(name))
        {
            return EncodedWords.Encode(name);
        }

        if (name.All(c => char.IsAsciiLetterOrDigit(c) || " !#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal)) && !name.StartsWith(' ') && !name.EndsWith(' ') && !name.Contains("  ", StringComparison.Ordinal))
        {
            return name;
        }

        return "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// A parameter for Content-Type or Content-Disposition: quoted when it is short ASCII, otherwise RFC 2231
    /// percent-encoded UTF-8 split into continuations (name*0*=utf-8''…; name*1*=…) so no line is too long.
    /// </summary>
    public static string Parameter(string name, string value)
    {
        if (Ascii.IsValid(value) && value.Length <= 60 && !value.Any(char.IsControl))
        {
            return name + "=\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }

        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b, StringComparison.Ordinal)))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        var text = encoded.ToString();
        var sections = new List<string>();
        var position = 0;
        while (position < text.Length)
        {
            var take = Math.Min(54, text.Length - position);
            // Never split a %XX escape.
            if (position + take < text.Length)
            {
                if (text[position + take - 1] == '%')
                {
                    take -= 1;
                }
                else if (take >= 2 && text[position + take - 2] == '%')
                {
                    take -= 2;
                }
            }

            sections.Add(text.Substring(position, take));
            position += take;
        }

        if (sections.Count == 1)
        {
            return name + "*=utf-8''" + sections[0];
        }

        return string.Join("; ", sections.Select((s, k) => name + "*" + k.ToString(CultureInfo.InvariantCulture) + "*=" + (k == 0 ? "utf-8''" : string.Empty) + s));
    }
}
