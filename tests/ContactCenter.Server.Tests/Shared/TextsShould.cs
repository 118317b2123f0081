using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>The resource pairs of the features: every text exists in English and German, with the same placeholders.</summary>
public sealed partial class TextsShould
{
    /// <summary>Every feature's marker type of a resource pair (<c>CrmTexts</c> for <c>Crm/CrmTexts.resx</c>).</summary>
    public static IReadOnlyList<Type> ResourceTypes { get; } = typeof(Program).Assembly.GetTypes()
        .Where(type => type.Name.EndsWith("Texts", StringComparison.Ordinal) && type.IsClass && !type.IsNested
            && typeof(Program).Assembly.GetManifestResourceNames().Contains(type.FullName + ".resources"))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>The texts of one resource pair in one language (<c>en</c> is the neutral resources).</summary>
    public static IReadOnlyDictionary<string, string> Read(Type resource, string language)
    {
        var manager = new ResourceManager(resource.FullName!, resource.Assembly);
        var culture = language == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        Assert.True(set is not null, $"{resource.Name} has no {language} resources.");
        return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(entry => (string)entry.Key, entry => entry.Value as string ?? "", StringComparer.Ordinal);
    }

    [Fact]
    public void ExistForTheFeaturesAndTheSharedParts()
    {
        var names = ResourceTypes.Select(type => type.Name).ToList();

        Assert.Contains("SharedTexts", names);
        Assert.Contains("HomeTexts", names);
        Assert.True(names.Count >= 2, string.Join(", ", names));
    }

    [Fact]
    public void HaveEveryTextInBothLanguagesWithTheSamePlaceholders()
    {
        var problems = new List<string>();
        foreach (var resource in ResourceTypes)
        {
            var english = Read(resource, "en");
            var german = Read(resource, "de");
            problems.AddRange(english.Keys.Except(german.Keys).Select(key => $"{resource.Name}.{key}: no German text"));
            problems.AddRange(german.Keys.Except(english.Keys).Select(key => $"{resource.Name}.{key}: German only"));
            foreach (var (key, text) in english.Where(e => german.ContainsKey(e.Key)))
            {
                if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(german[key]))
                {
                    problems.Add($"{resource.Name}.{key}: empty");
                }
                else if (!Placeholders(text).SetEquals(Placeholders(german[key])))
                {
                    problems.Add($"{resource.Name}.{key}: placeholders differ ('{text}' / '{german[key]}')");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
