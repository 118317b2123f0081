using System.Text.RegularExpressions;

namespace ContactCenter.Server.Categories;

/// <summary>The placeholders answer templates and text blocks may contain, filled in when an answer is proposed.</summary>
public static partial class Placeholders
{
    public static readonly IReadOnlyList<string> Known = ["customer.name", "request.number", "agent.name"];

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

    [GeneratedRegex(@"\{([^{}\s]*)\}")]
    private static partial Regex PlaceholderPattern();
}
