using System.Diagnostics;
using System.Globalization;
using ContactCenter.Letters.Composition;

namespace ContactCenter.Letters.Output;

/// <summary>One letter of a batch; <see cref="Id"/> names it in the file name pattern and in failures.</summary>
public sealed record LetterBatchItem(string Id, Letter Letter);

/// <summary>How far a batch has got.</summary>
public sealed record LetterBatchProgress(int Done, int Failed, int? Total, string? LastFile);

public sealed record LetterBatchFailure(string Id, string Message);

public sealed record LetterBatchResult(int Written, IReadOnlyList<LetterBatchFailure> Failures, TimeSpan Elapsed);

/// <summary>
/// Exports letters one after another into a tenant's output directory as <c>&lt;name pattern&gt;.pdf</c>. Items
/// are read lazily and each PDF is written and closed before the next, so memory does not grow with the batch.
/// A letter with bad input is recorded as a failure and the batch goes on.
/// </summary>
public sealed class LetterBatchExporter(LetterRenderer renderer, LetterOutputDirectory output)
{
    private static readonly string[] Placeholders = ["{id}", "{date}", "{recipient}"];

    /// <summary>
    /// Renders and writes every item. The name pattern may use <c>{id}</c>, <c>{date}</c> (yyyy-MM-dd) and
    /// <c>{recipient}</c> (the first address line).
    /// </summary>
    /// <exception cref="ArgumentException">The pattern has an unknown placeholder.</exception>
    /// <exception cref="LetterOutputPathException">The tenant directory is not allowed.</exception>
    /// <exception cref="OperationCanceledException">The batch was cancelled; files already written stay.</exception>
    public LetterBatchResult Export(
        string tenantDirectory,
        string namePattern,
        IEnumerable<LetterBatchItem> items,
        IProgress<LetterBatchProgress>? progress = null,
        int? total = null,
        bool flushToDisk = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        CheckPattern(namePattern);
        output.ResolveTenantDirectory(tenantDirectory);
        var watch = Stopwatch.StartNew();
        var failures = new List<LetterBatchFailure>();
        int written = 0;
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Unique(FileName(namePattern, item), taken);
            string? path = null;
            try
            {
                path = output.Write(tenantDirectory, name, stream => renderer.Render(item.Letter, stream), flushToDisk);
                written++;
            }
            catch (LetterException e)
            {
                failures.Add(new LetterBatchFailure(item.Id, e.Message));
            }
            progress?.Report(new LetterBatchProgress(written, failures.Count, total, path));
        }
        return new LetterBatchResult(written, failures, watch.Elapsed);
    }

    /// <summary>Two letters of one batch never share a file: the later one gets " (2)", " (3)", … before ".pdf".</summary>
    private static string Unique(string name, HashSet<string> taken)
    {
        string candidate = name;
        for (int n = 2; !taken.Add(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{name[..^4]} ({n}).pdf");
        }
        return candidate;
    }

    private static void CheckPattern(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new ArgumentException("The file name pattern is empty.", nameof(pattern));
        }
        string rest = pattern;
        foreach (string placeholder in Placeholders)
        {
            rest = rest.Replace(placeholder, "", StringComparison.Ordinal);
        }
        if (rest.Contains('{', StringComparison.Ordinal) || rest.Contains('}', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The file name pattern '{pattern}' has an unknown placeholder; use {string.Join(", ", Placeholders)}.", nameof(pattern));
        }
    }

    private static string FileName(string pattern, LetterBatchItem item) =>
        LetterOutputDirectory.SafeFileName(pattern
            .Replace("{id}", item.Id, StringComparison.Ordinal)
            .Replace("{date}", item.Letter.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{recipient}", item.Letter.Recipient.Count > 0 ? item.Letter.Recipient[0] : "", StringComparison.Ordinal)) + ".pdf";
}
