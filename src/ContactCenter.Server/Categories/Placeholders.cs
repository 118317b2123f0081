using System.Text.RegularExpressions;

namespace ContactCenter.Server.Categories;

/// <summary>The placeholders answer templates and text blocks may contain, filled in when an answer is proposed.</summary>
public static partial class Placeholders
{
    public static readonly IReadOnlyList<string> Known = ["customer.name", "request.number", "agent.name", "date"];

    /// <summary>The placeholders in <paramref name="text"/> that are not known, in order of appearance, each once.</summary>
    public static IReadOnlyList<string> Unknown(string? text) =>
        text is null
            ? []
            : PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Where(name => !Known.Contains(name)).Distinct().ToList();

    /// <summary>An error message for the unknown placeholders of <paramref name="text"/>, or null when all are known.</summary>
    public static string? Check(string? text)
    {
        var unknown = Unknown(text);
        return unknown.Count == 0
            ? null
            : Localization.Texts<CategoriesTexts>()["UnknownPlaceholders", string.Join(", ", unknown.Select(u => "{" + u + "}")), string.Join(", ", Known.Select(k => "{" + k + "}"))].Value;
    }

    /// <summary>
    /// <paramref name="text"/> with each known placeholder replaced by its value from <paramref name="values"/>
    /// (missing values become empty); unknown placeholders stay as written.
    /// </summary>
    public static string Fill(string? text, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return text is null
            ? ""
            : PlaceholderPattern().Replace(text, m => Known.Contains(m.Groups[1].Value) ? values.GetValueOrDefault(m.Groups[1].Value) ?? "" : m.Value);
    }

    [GeneratedRegex(@"\{([^{}\s]*)\}")]
    private static partial Regex PlaceholderPattern();
}
