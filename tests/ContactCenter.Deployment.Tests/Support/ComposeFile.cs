using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace ContactCenter.Deployment.Tests.Support;

/// <summary>
/// infra/docker/compose.yaml read as Docker Compose reads it: YAML with anchors and merge keys (<c>&lt;&lt;: *app</c>),
/// and <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR:?message}</c> filled from the settings of .env.example.
/// </summary>
internal sealed partial class ComposeFile
{
    public const string Path = "infra/docker/compose.yaml";
    public const string EnvExamplePath = "infra/docker/.env.example";

    private ComposeFile(Dictionary<object, object> root, string text, IReadOnlyDictionary<string, string> settings)
    {
        Root = root;
        Text = text;
        Settings = settings;
    }

    public Dictionary<object, object> Root { get; }

    public string Text { get; }

    /// <summary>The settings of .env.example.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public Dictionary<object, object> Services => Map(Root, "services");

    public static ComposeFile Load()
    {
        var text = Repository.Read(Path);
        var deserializer = new DeserializerBuilder().Build();
        using var reader = new StringReader(text);
        var root = deserializer.Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return new ComposeFile(root, text, ReadSettings(Repository.Read(EnvExamplePath)));
    }

    public Dictionary<object, object> Service(string name)
    {
        Assert.True(Services.ContainsKey(name), $"{Path} has no service {name}; it has {string.Join(", ", Services.Keys)}.");
        return Map(Services, name);
    }

    /// <summary>The environment of a service (map form), values interpolated.</summary>
    public Dictionary<string, string> Environment(string service) =>
        Map(Service(service), "environment").ToDictionary(e => (string)e.Key, e => Interpolate(e.Value?.ToString() ?? ""));

    /// <summary>The names of every variable the file interpolates.</summary>
    public IEnumerable<string> InterpolatedVariables() => Interpolation().Matches(Text).Select(m => m.Groups["name"].Value).Distinct();

    public string Interpolate(string value) => Interpolation().Replace(value, m =>
        Settings.TryGetValue(m.Groups["name"].Value, out var set) && (set.Length > 0 || m.Groups["op"].Value != ":-")
            ? set
            : m.Groups["op"].Value == ":-" ? m.Groups["default"].Value : "");

    public static Dictionary<object, object> Map(Dictionary<object, object> parent, string key)
    {
        Assert.True(parent.TryGetValue(key, out var value), $"No '{key}' in {Path} where expected.");
        return Assert.IsType<Dictionary<object, object>>(value);
    }

    private static Dictionary<string, string> ReadSettings(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|:\?)(?<default>[^}]*))?\}")]
    private static partial Regex Interpolation();
}
