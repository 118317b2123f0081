using System.Diagnostics;
using ContactCenter.Letters;
using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Output;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Server.Tools;

/// <summary>
/// Tries a letter stylesheet without the server:
/// <c>letters render --body answer.html --to "Name|Street|City" --out letter.pdf [--stylesheet s.json] [--subject "…"]</c>,
/// <c>letters stylesheet</c> (prints the default stylesheet) and <c>letters stylesheet --validate s.json</c>.
/// Exit codes: 0 done, 1 bad input (stylesheet, font, image, body), 2 wrong usage.
/// </summary>
public static class LettersCommand
{
    private const string Usage = """
        usage: letters render --body <answer.html|answer.txt> --to "Name|Street|City" --out <letter.pdf> [--stylesheet <s.json>] [--subject "..."]
               letters stylesheet [--validate <s.json>]
        """;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(args.FirstOrDefault() switch
            {
                "render" => Render(args[1..], stdout, stderr),
                "stylesheet" => Stylesheet(args[1..], stdout, stderr),
                _ => UsageError(stderr, null),
            });
        }
        catch (LetterStylesheetException e)
        {
            stderr.WriteLine(e.Message);
            return Task.FromResult(1);
        }
        catch (LetterException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return Task.FromResult(1);
        }
    }

    private static int Render(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CommandOptions.TryParse(args, ["--body", "--to", "--out", "--stylesheet", "--subject"], out var options, out string? problem))
        {
            return UsageError(stderr, problem);
        }
        if (!options.TryGetValue("--body", out string? bodyPath) || !options.TryGetValue("--to", out string? to) || !options.TryGetValue("--out", out string? outPath))
        {
            return UsageError(stderr, "--body, --to and --out are required");
        }
        string extension = Path.GetExtension(bodyPath).ToLowerInvariant();
        if (extension is not (".txt" or ".html" or ".htm"))
        {
            return UsageError(stderr, $"the body must be a .txt or .html file, not '{bodyPath}'");
        }
        string bodyText;
        try
        {
            bodyText = File.ReadAllText(bodyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: the body file '{bodyPath}' cannot be read: {e.Message}");
            return 1;
        }
        var stylesheet = options.TryGetValue("--stylesheet", out string? stylesheetPath)
            ? LetterStylesheetReader.Read(stylesheetPath)
            : DefaultStylesheet.Create();
        var renderer = LetterRenderer.Create(stylesheet);
        var letter = new Letter
        {
            Recipient = [.. to.Split('|').Select(l => l.Trim()).Where(l => l.Length > 0)],
            Subject = options.GetValueOrDefault("--subject"),
            Body = extension == ".txt" ? LetterBody.FromText(bodyText) : LetterBody.FromHtml(bodyText),
        };
        var watch = Stopwatch.StartNew();
        try
        {
            AtomicFile.Write(outPath, stream => renderer.Render(letter, stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: '{outPath}' cannot be written: {e.Message}");
            return 1;
        }
        stdout.WriteLine($"wrote {Path.GetFullPath(outPath)} ({new FileInfo(outPath).Length} bytes) in {watch.ElapsedMilliseconds} ms");
        return 0;
    }

    private static int Stylesheet(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CommandOptions.TryParse(args, ["--validate"], out var options, out string? problem))
        {
            return UsageError(stderr, problem);
        }
        if (!options.TryGetValue("--validate", out string? path))
        {
            stdout.WriteLine(LetterStylesheetWriter.ToJson(DefaultStylesheet.Create()));
            return 0;
        }
        var stylesheet = LetterStylesheetReader.Read(path);
        // Loading proves the font and logo files are usable, not just present.
        LetterRenderer.Create(stylesheet);
        stdout.WriteLine($"{path}: valid");
        return 0;
    }

    private static int UsageError(TextWriter stderr, string? problem) => CommandOptions.UsageError(stderr, problem, Usage);
}
