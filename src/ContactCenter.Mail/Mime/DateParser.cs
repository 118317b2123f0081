using System.Globalization;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// Parses RFC 5322 §3.3 dates and the broken forms real mail carries: missing day name or seconds, named and
/// military zones (§4.3), two- and three-digit years (§4.3), asctime order, comments, ISO 8601.
/// </summary>
public static class DateParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5 * 60, ["EDT"] = -4 * 60, ["CST"] = -6 * 60, ["CDT"] = -5 * 60,
        ["MST"] = -7 * 60, ["MDT"] = -6 * 60, ["PST"] = -8 * 60, ["PDT"] = -7 * 60,
        ["CET"] = 60, ["CEST"] = 120, ["MEZ"] = 60, ["MESZ"] = 120, ["BST"] = 60, ["IST"] = 330,
        ["EET"] = 120, ["EEST"] = 180, ["WET"] = 0, ["WEST"] = 60, ["JST"] = 540, ["KST"] = 540,
    };

    /// <summary>Parses a Date header value; null when no date can be read.</summary>
    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (TryParseCanonical(value.AsSpan().Trim(), out var canonical))
        {
            return canonical;
        }

        var text = RemoveComments(value);
        var tokens = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        int? month = null, hour = null, minute = null, second = null, offset = null;
        var numbers = new List<string>();
        foreach (var raw in tokens)
        {
            var token = raw.Trim('.');
            if (token.Contains(':'))
            {
                var zoneAt = token.IndexOfAny(['+', '-'], 1);
                if (zoneAt > 0 && hour is null)
                {
                    offset ??= ZoneOffset(token[zoneAt..]);
                    token = token[..zoneAt];
                }

                var parts = token.Split(':');
                if (hour is null && parts.Length is 2 or 3 && parts.All(p => p.Length is 1 or 2 && p.All(char.IsAsciiDigit)))
                {
                    hour = int.Parse(parts[0], CultureInfo.InvariantCulture);
                    minute = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    second = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
                    continue;
                }
            }

            if (token.Length > 0 && token.All(char.IsAsciiDigit))
            {
                numbers.Add(token);
                continue;
            }

            if (token.Length >= 3 && month is null && Array.IndexOf(Months, token[..3].ToLowerInvariant()) is var m and >= 0 && token.All(char.IsAsciiLetter))
            {
                month = m + 1;
                continue;
            }

            if (offset is null && ZoneOffset(token) is { } zone)
            {
                offset = zone;
            }
        }

        if (month is null || numbers.Count < 2)
        {
            // Some gateways write ISO 8601; only that is tried, not every culture-dependent form.
            var trimmed = value.Trim();
            return trimmed.Length >= 10 && trimmed[4] == '-' && trimmed[7] == '-'
                && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) ? iso : null;
        }

        // RFC order is day then year; asctime puts the year last too. A four-digit number is the year wherever it is.
        var yearIndex = numbers.FindIndex(n => n.Length >= 3);
        if (yearIndex < 0)
        {
            yearIndex = 1;
        }

        var dayIndex = yearIndex == 0 ? 1 : 0;
        var year = int.Parse(numbers[yearIndex], CultureInfo.InvariantCulture);
        var day = int.Parse(numbers[dayIndex], CultureInfo.InvariantCulture);
        year = numbers[yearIndex].Length switch
        {
            <= 2 => year < 50 ? 2000 + year : 1900 + year,
            3 => 1900 + year,
            _ => year,
        };

        hour ??= 0;
        minute ??= 0;
        second ??= 0;
        if (second == 60)
        {
            second = 59; // leap second
        }

        if (year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month.Value) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var minutes = offset ?? 0;
        if (Math.Abs(minutes) > 14 * 60)
        {
            minutes = 0;
        }

        return new DateTimeOffset(year, month.Value, day, hour.Value, minute.Value, second.Value, TimeSpan.FromMinutes(minutes));
    }

    /// <summary>
    /// The form nearly all mail carries, "[ddd, ]d MMM yyyy HH:mm[:ss] +hhmm[ (comment)]", read without allocating;
    /// anything else goes to the tolerant path.
    /// </summary>
    private static bool TryParseCanonical(ReadOnlySpan<char> s, out DateTimeOffset date)
    {
        date = default;
        if (s.Length > 5 && char.IsAsciiLetter(s[0]) && s[3] == ',')
        {
            s = s[4..].TrimStart(' ');
        }

        var i = 0;
        if (!Number(s, ref i, 1, 2, out var day) || !Skip(s, ref i, ' ') || i + 3 > s.Length)
        {
            return false;
        }

        var month = Array.IndexOf(Months, s.Slice(i, 3).ToString().ToLowerInvariant()) + 1;
        i += 3;
        if (month == 0 || !Skip(s, ref i, ' ') || !Number(s, ref i, 4, 4, out var year) || !Skip(s, ref i, ' ')
            || !Number(s, ref i, 2, 2, out var hour) || !Skip(s, ref i, ':') || !Number(s, ref i, 2, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        if (i < s.Length && s[i] == ':' && (!Skip(s, ref i, ':') || !Number(s, ref i, 2, 2, out second)))
        {
            return false;
        }

        if (!Skip(s, ref i, ' ') || i + 5 > s.Length || s[i] is not ('+' or '-'))
        {
            return false;
        }

        var sign = s[i++] == '-' ? -1 : 1;
        if (!Number(s, ref i, 2, 2, out var zoneHours) || !Number(s, ref i, 2, 2, out var zoneMinutes))
        {
            return false;
        }

        var rest = s[i..].TrimStart(' ');
        if (!rest.IsEmpty && rest[0] != '(')
        {
            return false;
        }

        if (day < 1 || month > 12 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || year < 1 || hour > 23 || minute > 59 || second > 59
            || zoneHours > 14 || zoneMinutes > 59)
        {
            return false;
        }

        date = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(sign * ((zoneHours * 60) + zoneMinutes)));
        return true;

        static bool Skip(ReadOnlySpan<char> s, ref int i, char c)
        {
            if (i >= s.Length || s[i] != c)
            {
                return false;
            }

            while (i < s.Length && s[i] == c)
            {
                i++;
            }

            return true;
        }

        static bool Number(ReadOnlySpan<char> s, ref int i, int min, int max, out int value)
        {
            value = 0;
            var start = i;
            while (i < s.Length && i - start < max && char.IsAsciiDigit(s[i]))
            {
                value = (value * 10) + (s[i++] - '0');
            }

            return i - start >= min;
        }
    }

    /// <summary>Formats a date as RFC 5322 §3.3 wants it, e.g. "Tue, 01 Dec 2026 10:00:00 +0100".</summary>
    public static string Format(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    private static int? ZoneOffset(string token)
    {
        if (token.Length >= 2 && token[0] is '+' or '-')
        {
            var digits = token[1..].Replace(":", string.Empty, StringComparison.Ordinal);
            if (digits.Length is 2 or 4 && digits.All(char.IsAsciiDigit))
            {
                var h = int.Parse(digits[..2], CultureInfo.InvariantCulture);
                var min = digits.Length == 4 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
                var total = (h * 60) + min;
                return token[0] == '-' ? -total : total;
            }

            return null;
        }

        var name = token.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) && token.Length > 3 ? token[3..] : null;
        if (name is not null)
        {
            return ZoneOffset(name);
        }

        if (Zones.TryGetValue(token, out var minutes))
        {
            return minutes;
        }

        // §4.3: military zones other than Z are ambiguous in practice and read as -0000.
        return token.Length == 1 && char.IsAsciiLetter(token[0]) ? 0 : null;
    }

    private static string RemoveComments(string value)
    {
        if (!value.Contains('('))
        {
            return value;
        }

        var sb = new System.Text.StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '(')
            {
                MimeParameterParser.SkipComment(value, ref i);
                sb.Append(' ');
            }
            else
            {
                sb.Append(value[i++]);
            }
        }

        return sb.ToString();
    }
}

/// <summary>Parses msg-id lists (RFC 5322 §3.6.4) leniently: bracketed ids, or bare ids when brackets are missing.</summary>
public static class MessageIdParser
{
    /// <summary>The ids in <paramref name="value"/>, without angle brackets, in order.</summary>
    public static IReadOnlyList<string> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var ids = new List<string>();
        var i = 0;
        while (i < value.Length)
        {
            var open = value.IndexOf('<', i);
            if (open < 0)
            {
                break;
            }

            var close = value.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            var id = string.Concat(value.AsSpan(open + 1, close - open - 1).ToString().Where(c => !char.IsWhiteSpace(c)));
            if (id.Length > 0)
            {
                ids.Add(id);
            }

            i = close + 1;
        }

        if (ids.Count == 0)
        {
            foreach (var token in value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Contains('@') && !token.StartsWith('('))
                {
                    ids.Add(token.Trim('<', '>'));
                }
            }
        }

        return ids;
    }
}
