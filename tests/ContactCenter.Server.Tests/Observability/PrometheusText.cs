using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Observability;

/// <summary>A sample of the Prometheus text format: metric name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Parses the Prometheus text exposition format 0.0.4 strictly enough to fail on anything else: every line is a
/// <c># HELP</c>, a <c># TYPE</c> or a sample <c>name{label="value",…} value [timestamp]</c>, and samples follow their TYPE.
/// </summary>
public static partial class PrometheusText
{
    /// <summary>Scrapes the server's <c>/metrics</c> as Prometheus would (with <c>Metrics:Token</c>) and parses the answer.</summary>
    public static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(ServerFixture server)
    {
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFixture.MetricsToken);
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return Parse(text);
    }

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.Length > 0))
        {
            if (Type().Match(line) is { Success: true } type)
            {
                Assert.True(typed.Add(type.Groups["name"].Value), $"Metric typed twice: {line}");
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || (line.StartsWith('#') && !line.StartsWith("# TYPE", StringComparison.Ordinal)))
            {
                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"Not a Prometheus sample line: {line}");
            var name = sample.Groups["name"].Value;
            Assert.True(typed.Any(t => name == t || (name.StartsWith(t + "_", StringComparison.Ordinal) && Suffixes.Contains(name[(t.Length + 1)..]))),
                $"Sample before its TYPE line: {line}");
            var labels = Label().Matches(sample.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => Unescape(m.Groups["value"].Value));
            samples.Add(new PrometheusSample(name, labels, ParseValue(sample.Groups["value"].Value)));
        }

        return samples;
    }

    private static readonly string[] Suffixes = ["bucket", "sum", "count"];

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Unescape(string value) => value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal)
        .Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex("^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex Type();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*)\})? (?<value>[^ ]+)( -?[0-9]+)?$""")]
    private static partial Regex Sample();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>([^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
