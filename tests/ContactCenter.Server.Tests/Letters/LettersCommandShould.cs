using System.Diagnostics;
using ContactCenter.Server.Letters;

namespace ContactCenter.Server.Tests.Letters;

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

    private static string PdfToText(string pdf)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-enc", "UTF-8", pdf, "-" })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
