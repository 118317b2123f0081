namespace ContactCenter.Benchmarks;

/// <summary>What the load scripts share: their command-line options (<c>--name value</c>) and their figures.</summary>
internal static class LoadScript
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is not given.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The nearest-rank percentile of values sorted ascending (at least one).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The machine's load averages over 1, 5 and 15 minutes, as the figures in docs/benchmarks.md give them.</summary>
    public static string MachineLoad() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
