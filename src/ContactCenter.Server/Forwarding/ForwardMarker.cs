using System.Globalization;

namespace ContactCenter.Server.Forwarding;

/// <summary>
/// The line a forward and a 2nd-level query put above the customer's mail they carry, and how an external party's
/// answer is cut there: what they wrote goes on (to the customer, or into the note), what they quoted of ours does
/// not — it holds the agent's words to them and the customer's own mail.
/// </summary>
public static class ForwardMarker
{
    private const string Rule = "--------";

    /// <summary>Separators mail programs put above a quoted original, in the languages our tenants write.</summary>
    private static readonly string[] OriginalSeparators =
    [
        "-----Original Message-----", "-----Ursprüngliche Nachricht-----", "-------- Original Message --------",
        "-------- Ursprüngliche Nachricht --------", "---------- Forwarded message ---------",
    ];

    /// <summary>The marker line of request <paramref name="number"/>, with a label in the tenant's language.</summary>
    public static string Line(long number, string label) =>
        $"{Rule} {label} [#{number.ToString(CultureInfo.InvariantCulture)}] {Rule}";

    /// <summary>
    /// The external party's own words in <paramref name="text"/>: the text above our marker line of request
    /// <paramref name="number"/> (quoted or not) or above a mail program's "original message" separator, without the
    /// attribution line ("On … wrote:") and the quoted lines that lead up to it; the whole text when there is neither.
    /// </summary>
    public static string Cut(string? text, long number)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var tag = "[#" + number.ToString(CultureInfo.InvariantCulture) + "]";
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var end = lines.FindIndex(line => IsCut(Unquoted(line), tag));
        if (end < 0)
        {
            // No marker: a quoted block at the end (with its attribution) is still ours.
            end = lines.Count;
            while (end > 0 && (lines[end - 1].TrimStart().StartsWith('>') || lines[end - 1].Trim().Length == 0))
            {
                end--;
            }

            if (end == lines.Count || !lines.Skip(end).Any(line => line.TrimStart().StartsWith('>')))
            {
                return string.Join('\n', lines).Trim();
            }
        }

        // Back over the quoted and empty lines above the cut, and an attribution line ending in a colon.
        while (end > 0 && (lines[end - 1].Trim().Length == 0 || lines[end - 1].TrimStart().StartsWith('>')))
        {
            end--;
        }

        if (end > 0 && lines[end - 1].TrimEnd().EndsWith(':'))
        {
            end--;
        }

        return string.Join('\n', lines.Take(end)).Trim();
    }

    private static string Unquoted(string line) => line.TrimStart(' ', '>', '\t').Trim();

    private static bool IsCut(string line, string tag) =>
        (line.StartsWith(Rule, StringComparison.Ordinal) && line.Contains(tag, StringComparison.Ordinal))
        || OriginalSeparators.Any(separator => line.Equals(separator, StringComparison.OrdinalIgnoreCase));
}
