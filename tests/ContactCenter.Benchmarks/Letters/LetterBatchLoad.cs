using System.Diagnostics;
using System.Globalization;
using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Output;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Benchmarks.Letters;

/// <summary>
/// Load script: a batch export of N one-page letters to files (total time, letters/s, peak working set sampled
/// every 20 ms). Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- letters-batch
/// [--count 10000] [--no-fsync]</c>. The files are written under the temp directory and removed at the end.
/// </summary>
public static class LetterBatchLoad
{
    public static int Run(string[] args)
    {
        int count = int.Parse(LoadScript.Option(args, "--count") ?? "10000", CultureInfo.InvariantCulture);
        bool flush = !args.Contains("--no-fsync");
        string root = Path.Combine(Path.GetTempPath(), "cc-letters-batch-" + Guid.NewGuid().ToString("N")[..8]);
        var renderer = LetterRenderer.Create(DefaultStylesheet.Create());
        var output = new LetterOutputDirectory(root);
        using var process = Process.GetCurrentProcess();
        long startWorkingSet = process.WorkingSet64;
        long peak = startWorkingSet;
        var samples = new List<(int Done, long WorkingSet)>();
        int done = 0;
        using var sampler = new Timer(_ =>
        {
            process.Refresh();
            long ws = process.WorkingSet64;
            lock (samples)
            {
                peak = Math.Max(peak, ws);
                samples.Add((Volatile.Read(ref done), ws));
            }
        }, null, 0, 20);
        try
        {
            var items = Enumerable.Range(1, count).Select(i => new LetterBatchItem(i.ToString("D6", CultureInfo.InvariantCulture), SampleLetters.Create(i)));
            var progress = new InlineProgress(p => Volatile.Write(ref done, p.Done));
            int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
            var result = new LetterBatchExporter(renderer, output).Export("tenant-a/batch", "letter-{id}", items, progress, count, flush);
            sampler.Change(Timeout.Infinite, Timeout.Infinite);
            long bytes = Directory.EnumerateFiles(Path.Combine(root, "tenant-a", "batch")).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"letters:            {result.Written} written, {result.Failures.Count} failed (fsync {(flush ? "on" : "off")})");
            Console.WriteLine($"total time:         {result.Elapsed.TotalSeconds:F1} s ({result.Written / result.Elapsed.TotalSeconds:F0} letters/s, one thread)");
            Console.WriteLine($"output:             {bytes / 1024.0 / 1024.0:F1} MB ({bytes / Math.Max(1, result.Written)} bytes per letter)");
            Console.WriteLine($"working set:        start {startWorkingSet / 1048576.0:F0} MB, peak {peak / 1048576.0:F0} MB");
            lock (samples)
            {
                // Flatness: the working set at each tenth of the batch.
                var tenths = Enumerable.Range(1, 10).Select(t => samples.LastOrDefault(s => s.Done <= count * t / 10).WorkingSet / 1048576.0);
                Console.WriteLine($"working set/10%:    {string.Join(" ", tenths.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} MB");
            }
            Console.WriteLine($"GCs:                gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}");
            return result.Failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class InlineProgress(Action<LetterBatchProgress> report) : IProgress<LetterBatchProgress>
    {
        public void Report(LetterBatchProgress value) => report(value);
    }
}
