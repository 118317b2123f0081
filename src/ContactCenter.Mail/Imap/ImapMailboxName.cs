using System.Text;

namespace ContactCenter.Mail.Imap;

/// <summary>Mailbox names in modified UTF-7 (RFC 3501 section 5.1.3).</summary>
internal static class ImapMailboxName
{
    public static string Encode(string name)
    {
        var result = new StringBuilder(name.Length);
        var pending = new StringBuilder();
        foreach (char c in name)
        {
            if (c is >= ' ' and <= '~')
            {
                Flush(result, pending);
                result.Append(c == '&' ? "&-" : c.ToString());
            }
            else
            {
                pending.Append(c);
            }
        }

        Flush(result, pending);
        return result.ToString();
    }

    /// <summary>Decodes a name; a malformed one is returned as it came, readable rather than lost.</summary>
    public static string Decode(string name)
    {
        if (!name.Contains('&', StringComparison.Ordinal))
        {
            return name;
        }

        var result = new StringBuilder(name.Length);
        int i = 0;
        while (i < name.Length)
        {
            char c = name[i];
            if (c != '&')
            {
                result.Append(c);
                i++;
                continue;
            }

            int end = name.IndexOf('-', i + 1);
            if (end < 0)
            {
                return name;
            }

            if (end == i + 1)
            {
                result.Append('&');
            }
            else
            {
                string b64 = name[(i + 1)..end].Replace(',', '/');
                b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
                try
                {
                    result.Append(Encoding.BigEndianUnicode.GetString(Convert.FromBase64String(b64)));
                }
                catch (FormatException)
                {
                    return name;
                }
            }

            i = end + 1;
        }

        return result.ToString();
    }

    private static void Flush(StringBuilder result, StringBuilder pending)
    {
        if (pending.Length == 0)
        {
            return;
        }

        string b64 = Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes(pending.ToString())).TrimEnd('=').Replace('/', ',');
        result.Append('&').Append(b64).Append('-');
        pending.Clear();
    }
}
