using BenchmarkDotNet.Attributes;
using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Styles;

namespace ContactCenter.Benchmarks.Letters;

/// <summary>
/// One-page letters per second on one core and bytes allocated per letter, rendering into memory (no disk).
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- --filter *LetterRendering*</c>.
/// </summary>
[MemoryDiagnoser]
public class LetterRenderingBenchmarks : IDisposable
{
    private LetterRenderer _renderer = null!;
    private Letter _htmlLetter = null!;
    private Letter _textLetter = null!;
    private MemoryStream _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _renderer = LetterRenderer.Create(DefaultStylesheet.Create());
        _htmlLetter = SampleLetters.Create(1);
        _textLetter = SampleLetters.Create(2) with
        {
            Body = LetterBody.FromText(string.Join("\n\n", Enumerable.Repeat(
                "vielen Dank für Ihre Nachricht. Wir haben Ihre Bestellung geprüft und die Rückerstattung über 129,90 € veranlasst; der Betrag wird innerhalb von fünf Werktagen gutgeschrieben.", 5))),
        };
        _output = new MemoryStream(64 * 1024);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _output.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public long OnePageHtmlLetter()
    {
        _output.SetLength(0);
        _renderer.Render(_htmlLetter, _output);
        return _output.Length;
    }

    [Benchmark]
    public long OnePageTextLetter()
    {
        _output.SetLength(0);
        _renderer.Render(_textLetter, _output);
        return _output.Length;
    }
}
