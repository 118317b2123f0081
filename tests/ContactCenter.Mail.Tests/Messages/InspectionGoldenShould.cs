using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using ContactCenter.Mail.Messages;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Messages;

/// <summary>
/// <c>mail inspect</c>'s JSON for every corpus message and every generated hostile input, compared field by field
/// with the golden files in TestData/Inspect. They were written by the hand-written parser before the move to
/// MimeKit; where its answer was wrong the golden file was corrected, and docs/mail.md lists each such case.
/// </summary>
public sealed class InspectionGoldenShould
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "TestData", "Corpus");
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "TestData", "Inspect");

    public static TheoryData<string> CorpusFiles() => [.. CorpusNames()];

    public static TheoryData<string> HostileInputs() => [.. HostileMessages.All.Keys.Order(StringComparer.Ordinal)];

    private static IEnumerable<string> CorpusNames() =>
        Directory.GetFiles(Corpus, "*.eml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void ReadEveryCorpusMessageAsBefore(string name) =>
        AssertSameAsGolden(name, File.ReadAllBytes(Path.Combine(Corpus, name + ".eml")));

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void ReadEveryHostileInputAsBefore(string name)
    {
        var bytes = HostileMessages.All[name]();

        Assert.Equal(ExpectedHash(name), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        AssertSameAsGolden("hostile-" + name, bytes);
    }

    [Fact]
    public void HaveAGoldenFileForEveryInput()
    {
        var expected = CorpusNames().Concat(HostileMessages.All.Keys.Select(k => "hostile-" + k)).Order(StringComparer.Ordinal);
        var golden = Directory.GetFiles(Golden, "*.json*").Select(f => Path.GetFileName(f).Split('.')[0]).Order(StringComparer.Ordinal);

        Assert.Equal(expected, golden);
    }

    private static void AssertSameAsGolden(string name, byte[] bytes)
    {
        var watch = Stopwatch.StartNew();
        var message = MessageReader.Read(bytes, MimeLimits.Default, LimitHandling.Report, TestContext.Current.CancellationToken);
        var json = MessageInspection.ToJson(message);
        if (Environment.GetEnvironmentVariable("CC_INSPECT_ACTUAL_DIR") is { Length: > 0 } folder)
        {
            // For reviewing a change: the actual JSON beside the golden file, to diff (see docs/mail.md).
            File.WriteAllText(Path.Combine(folder, name + ".json"), json);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{name} took {watch.Elapsed}");

        using var actual = JsonDocument.Parse(json);
        using var golden = JsonDocument.Parse(ReadGolden(name));
        var differences = golden.RootElement.EnumerateObject()
            .Where(field => !actual.RootElement.TryGetProperty(field.Name, out var value) || !JsonElement.DeepEquals(field.Value, value))
            .Select(field => $"{field.Name}: expected {Shorten(field.Value)}, got {(actual.RootElement.TryGetProperty(field.Name, out var value) ? Shorten(value) : "nothing")}")
            .ToList();
        Assert.Equal(golden.RootElement.EnumerateObject().Select(p => p.Name), actual.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(differences.Count == 0, $"{name}:\n" + string.Join("\n", differences));
    }

    private static string ReadGolden(string name)
    {
        var plain = Path.Combine(Golden, name + ".json");
        if (File.Exists(plain))
        {
            return File.ReadAllText(plain);
        }

        using var gzip = new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static string ExpectedHash(string name) =>
        File.ReadAllLines(Path.Combine(Golden, "hostile-inputs.sha256"))
            .Select(l => l.Split("  ", 2))
            .Single(p => p[1] == name + ".eml")[0];

    private static string Shorten(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 300 ? text : text[..300] + $"… ({text.Length} chars)";
    }
}
