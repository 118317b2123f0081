using System.Globalization;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Imap;

/// <summary>Reads "* n FETCH (...)" responses (RFC 3501 section 7.4.2).</summary>
internal static class ImapFetchParser
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses a FETCH response that carries a UID; false for other responses and UID-less FETCH.</summary>
    /// <exception cref="MailProtocolException">The FETCH response is malformed.</exception>
    public static bool TryParse(ImapResponse response, out ImapFetchedMessage message)
    {
        message = null!;
        var values = response.Values;
        if (values.Count != 3 || !values[1].IsAtom("FETCH") || values[2].Kind != ImapValueKind.List)
        {
            return false;
        }

        uint sequence = values[0].AsNumber();
        var items = values[2].Items;
        if (items.Count % 2 != 0)
        {
            throw new MailProtocolException($"FETCH response with an odd number of items: {response}");
        }

        uint? uid = null;
        IReadOnlyList<string>? flags = null;
        DateTimeOffset? internalDate = null;
        long? size = null;
        byte[]? body = null;
        for (int i = 0; i < items.Count; i += 2)
        {
            string name = (items[i].Text ?? string.Empty).ToUpperInvariant();
            var value = items[i + 1];
            switch (name)
            {
                case "UID":
                    uid = value.AsNumber();
                    break;
                case "FLAGS":
                    flags = value.Items.Select(f => f.Text ?? string.Empty).ToList();
                    break;
                case "INTERNALDATE":
                    internalDate = ParseDate(value.Text ?? string.Empty);
                    break;
                case "RFC822.SIZE":
                    size = value.AsNumber();
                    break;
                case "BODY[]":
                case "RFC822":
                    body = value.AsBytes() ?? [];
                    break;
            }
        }

        if (uid is null)
        {
            return false;
        }

        message = new ImapFetchedMessage(uid.Value, sequence, flags, internalDate, size, body);
        return true;
    }

    /// <summary>Servers may split one message's items over several FETCH responses.</summary>
    public static ImapFetchedMessage Merge(ImapFetchedMessage earlier, ImapFetchedMessage later) => new(
        later.Uid,
        later.SequenceNumber,
        later.Flags ?? earlier.Flags,
        later.InternalDate ?? earlier.InternalDate,
        later.Size ?? earlier.Size,
        later.Body ?? earlier.Body);

    /// <summary>date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", the day possibly space-padded (RFC 3501 section 9).</summary>
    /// <exception cref="MailProtocolException">The date is malformed.</exception>
    public static DateTimeOffset ParseDate(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3)
        {
            var date = parts[0].Split('-');
            var time = parts[1].Split(':');
            string zone = parts[2];
            int month = Array.FindIndex(Months, m => string.Equals(m, date.ElementAtOrDefault(1), StringComparison.OrdinalIgnoreCase)) + 1;
            if (date.Length == 3 && time.Length == 3 && month > 0 && zone.Length == 5 && (zone[0] == '+' || zone[0] == '-')
                && int.TryParse(date[0], NumberStyles.None, CultureInfo.InvariantCulture, out int day)
                && int.TryParse(date[2], NumberStyles.None, CultureInfo.InvariantCulture, out int year)
                && int.TryParse(time[0], NumberStyles.None, CultureInfo.InvariantCulture, out int hour)
                && int.TryParse(time[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minute)
                && int.TryParse(time[2], NumberStyles.None, CultureInfo.InvariantCulture, out int second)
                && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int zoneHours)
                && int.TryParse(zone.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int zoneMinutes))
            {
                var offset = new TimeSpan(zoneHours, zoneMinutes, 0);
                try
                {
                    return new DateTimeOffset(year, month, day, hour, minute, second, zone[0] == '-' ? -offset : offset);
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw new MailProtocolException($"Invalid INTERNALDATE \"{text}\".", e);
                }
            }
        }

        throw new MailProtocolException($"Malformed INTERNALDATE \"{text}\".");
    }

    public static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        string sign = offset < TimeSpan.Zero ? "-" : "+";
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{date.Day:00}-{Months[date.Month - 1]}-{date.Year:0000} {date.Hour:00}:{date.Minute:00}:{date.Second:00} {sign}{offset.Hours:00}{offset.Minutes:00}");
    }
}
