using System.Diagnostics;
using ContactCenter.Server.Tools;

namespace ContactCenter.Server.Tests.Tools;

public sealed class LettersCommandShould : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cc-letters-command", Guid.NewGuid().ToString("N"));
    private readonly StringWriter stdout = new(), stderr = new();

    public LettersCommandShould() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private string File(string name) => Path.Combine(directory, name);

    private Task<int> Run(params string[] args) => LettersCommand.RunAsync(args, stdout, stderr, CancellationToken.None);

    [Fact]
    public async Task RenderAnHtmlAnswerWithTheDefaultStylesheet()
    {
        System.IO.File.WriteAllText(File("answer.html"), "<p>Sehr geehrte Frau Müller,</p><p>Ihre <b>Rückerstattung</b> über 12,50 € ist veranlasst.</p>");

        int code = await Run("render", "--body", File("answer.html"), "--to", "Erika Müller|Hauptstraße 5|50667 Köln", "--out", File("letter.pdf"), "--subject", "Ihre Anfrage");

        Assert.True(code == 0, stderr.ToString());
        Assert.Contains("wrote", stdout.ToString(), StringComparison.Ordinal);
        string text = Words(PdfToText(File("letter.pdf")));
        Assert.Contains("Ihre Rückerstattung über 12,50 € ist veranlasst.", text, StringComparison.Ordinal);
        Assert.Contains("Erika Müller Hauptstraße 5 50667 Köln", text, StringComparison.Ordinal);
        Assert.Contains("Ihre Anfrage", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAPlainTextBodyWithAGivenStylesheet()
    {
        System.IO.File.WriteAllText(File("answer.txt"), "First paragraph.\n\nSecond paragraph.");
        Assert.Equal(0, await Run("stylesheet"));
        System.IO.File.WriteAllText(File("style.json"), stdout.ToString().Replace("\"form\": \"B\"", "\"form\": \"A\"", StringComparison.Ordinal));

        int code = await Run("render", "--body", File("answer.txt"), "--to", "Jan Novák|Praha", "--out", File("plain.pdf"), "--stylesheet", File("style.json"));

        Assert.True(code == 0, stderr.ToString());
        string text = Words(PdfToText(File("plain.pdf")));
        Assert.Contains("First paragraph. Second paragraph.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExitWithOneAndWriteNothingForAnInvalidStylesheet()
    {
        System.IO.File.WriteAllText(File("answer.txt"), "Hello.");
        System.IO.File.WriteAllText(File("broken.json"), "{ \"version\": 1, \"fonts\": ");

        int code = await Run("render", "--body", File("answer.txt"), "--to", "A|B", "--out", File("out.pdf"), "--stylesheet", File("broken.json"));

        Assert.Equal(1, code);
        Assert.Contains("not valid JSON", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File("out.pdf")));
    }

    [Fact]
    public async Task ExitWithOneAndWriteNothingForHtmlNestedTooDeeply()
    {
        System.IO.File.WriteAllText(File("deep.html"), string.Concat(Enumerable.Repeat("<div>", 10_000)) + "x");

        int code = await Run("render", "--body", File("deep.html"), "--to", "A|B", "--out", File("deep.pdf"));

        Assert.Equal(1, code);
        Assert.Contains("nests elements", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory, "*.pdf*"));
        Assert.Empty(Directory.GetFiles(directory, ".*"));
    }

    [Fact]
    public async Task ExitWithOneAndWriteNothingForAFontFileThatIsNotAFont()
    {
        System.IO.File.WriteAllText(File("answer.txt"), "Hello.");
        System.IO.File.WriteAllText(File("Broken.ttf"), "<html>this download went wrong and is not a font at all</html>");
        System.IO.File.WriteAllText(File("style.json"), """{ "version": 1, "fonts": { "families": { "Brand": { "regular": "Broken.ttf" } }, "body": "Brand", "fallback": "Brand" } }""");

        int code = await Run("render", "--body", File("answer.txt"), "--to", "A|B", "--out", File("out.pdf"), "--stylesheet", File("style.json"));

        Assert.Equal(1, code);
        Assert.Contains("Broken.ttf' is not a TrueType font", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory, "*.pdf"));
    }

    [Fact]
    public async Task ExitWithOneAndWriteNothingForATruncatedLogo()
    {
        System.IO.File.WriteAllText(File("answer.txt"), "Hello.");
        // A PNG signature and the start of an IHDR chunk, then nothing.
        System.IO.File.WriteAllBytes(File("logo.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0]);
        Assert.Equal(0, await Run("stylesheet"));
        string json = stdout.ToString().Replace("\"letterhead\": {", "\"letterhead\": { \"logo\": { \"file\": \"logo.png\", \"x\": 20, \"y\": 10, \"width\": 30 },", StringComparison.Ordinal);
        System.IO.File.WriteAllText(File("style.json"), json);

        int code = await Run("render", "--body", File("answer.txt"), "--to", "A|B", "--out", File("out.pdf"), "--stylesheet", File("style.json"));

        Assert.Equal(1, code);
        Assert.Contains("logo.png' is truncated", stderr.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory, "*.pdf"));
    }

    [Fact]
    public async Task ReportEveryStylesheetProblemWhenValidating()
    {
        System.IO.File.WriteAllText(File("bad.json"), """{ "version": 1, "fonts": { "families": {}, "body": "X", "fallback": "Y" }, "text": { "color": "red" } }""");

        int code = await Run("stylesheet", "--validate", File("bad.json"));

        Assert.Equal(1, code);
        string errors = stderr.ToString();
        Assert.Contains("$.fonts.body", errors, StringComparison.Ordinal);
        Assert.Contains("$.fonts.fallback", errors, StringComparison.Ordinal);
        Assert.Contains("$.text.color", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("render", "--body", "a.html")]
    [InlineData("render", "--body", "a.pdf", "--to", "x", "--out", "o.pdf")]
    [InlineData("render", "--colour", "red")]
    [InlineData("print")]
    public async Task ExitWithTwoOnWrongUsage(params string[] args)
    {
        int code = await Run(args);

        Assert.Equal(2, code);
        Assert.Contains("usage: letters render", stderr.ToString(), StringComparison.Ordinal);
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The text a reader sees, after qpdf has found the file structurally sound.</summary>
    private static string PdfToText(string pdf)
    {
        var (checkCode, checkOutput) = RunTool("qpdf", "--check", pdf);
        Assert.True(checkCode == 0 && checkOutput.Contains("No syntax or stream encoding errors found", StringComparison.Ordinal), checkOutput);
        var (code, text) = RunTool("pdftotext", "-enc", "UTF-8", pdf, "-");
        Assert.Equal(0, code);
        return text;
    }

    private static (int Code, string Output) RunTool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
