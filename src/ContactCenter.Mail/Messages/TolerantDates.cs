using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit.Utils;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// Reads a Date header with MimeKit's lenient RFC 5322 parser (two-digit years, missing seconds, the obsolete US
/// zone names), then with fallbacks for what real mail also carries: European zone names (MESZ, CEST, …), a
/// trailing comment, ISO 8601.
/// </summary>
internal static partial class TolerantDates
{
    private static readonly Dictionary<string, string> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MEZ"] = "+0100",
        ["CET"] = "+0100",
        ["MESZ"] = "+0200",
        ["CEST"] = "+0200",
        ["WET"] = "+0000",
        ["WEST"] = "+0100",
        ["EET"] = "+0200",
        ["EEST"] = "+0300",
        ["BST"] = "+0100",
        ["IST"] = "+0530",
        ["JST"] = "+0900",
    };

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Zone names MimeKit does not know would be read as UTC, so they are replaced by their offsets first.
        var cleaned = Comment().Replace(value, " ").Trim();
        cleaned = ZoneName().Replace(cleaned, m => Zones.TryGetValue(m.Value, out var offset) ? offset : m.Value);
        if (DateUtils.TryParse(cleaned, out var date))
        {
            return date;
        }

        return DateTimeOffset.TryParse(cleaned, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out date)
            ? date
            : null;
    }

    [GeneratedRegex(@"\([^()]*\)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\b[A-Za-z]{3,4}\b\s*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ZoneName();
}
