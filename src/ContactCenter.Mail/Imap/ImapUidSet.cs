using System.Globalization;
using System.Text;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Imap;

/// <summary>UID sets as IMAP writes them: "1:3,7,9:12" (RFC 3501 section 9, sequence-set).</summary>
internal static class ImapUidSet
{
    private const long MaxSize = 10_000_000;

    public static string Format(IEnumerable<uint> uids)
    {
        var sorted = uids.Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("The UID set is empty.", nameof(uids));
        }

        if (sorted[0] == 0)
        {
            throw new ArgumentException("UID 0 does not exist; UIDs start at 1.", nameof(uids));
        }

        var text = new StringBuilder();
        int i = 0;
        while (i < sorted.Count)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                text.Append(':').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return text.ToString();
    }

    /// <summary>Parses a set without "*" (as in COPYUID); ranges may run downwards.</summary>
    /// <exception cref="MailProtocolException">The set is malformed.</exception>
    public static List<uint> Parse(string set)
    {
        var result = new List<uint>();
        foreach (var part in set.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split(':');
            if (ends.Length > 2 || !uint.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint a)
                || !uint.TryParse(ends[^1], NumberStyles.None, CultureInfo.InvariantCulture, out uint b))
            {
                throw new MailProtocolException($"Malformed UID set from the server: \"{set}\"");
            }

            // RFC 3501 section 9: "b:a" means the same as "a:b".
            uint low = Math.Min(a, b), high = Math.Max(a, b);
            if (low == 0 || result.Count + (long)(high - low) > MaxSize)
            {
                throw new MailProtocolException($"UID set from the server is invalid or too large: \"{set}\"");
            }

            for (long u = low; u <= high; u++)
            {
                result.Add((uint)u);
            }
        }

        return result;
    }
}
