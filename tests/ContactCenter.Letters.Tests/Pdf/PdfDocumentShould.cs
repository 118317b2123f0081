using ContactCenter.Letters.Fonts;
using ContactCenter.Letters.Pdf;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Pdf;

public sealed class PdfDocumentShould : IDisposable
{
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void WriteTextThatReadsBackExactlyInEveryScript()
    {
        string[] lines =
        [
            "Grüße aus Köln: Äpfel, Öl, Übermaß, Straße – 42 €",
            "Zażółć gęślą jaźń, Łódź",
            "Příliš žluťoučký kůň úpěl ďábelské ódy",
            "Καλημέρα κόσμε, Ωμέγα",
            "Съешь же ещё этих мягких французских булок",
        ];
        string file = directory.File("scripts.pdf");
        var font = TrueTypeFont.Load(SystemFonts.DejaVuSans);
        using (var stream = File.Create(file))
        {
            var document = new PdfDocument(stream, new PdfDocumentInfo("Scripts", "Tests"));
            var page = PdfDocument.CreatePage(595.28, 841.89);
            var pdfFont = document.GetFont(font);
            for (int i = 0; i < lines.Length; i++)
            {
                page.DrawText(pdfFont, 12, PdfColor.Black, 72, 100 + i * 20, lines[i]);
            }
            document.AddPage(page);
            document.Close();
        }

        PdfTools.AssertValid(file);
        var text = PdfTools.Text(file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\f')).Where(l => l.Length > 0);
        Assert.Equal(lines, text);
        var fonts = PdfTools.Fonts(file);
        var row = Assert.Single(fonts);
        Assert.Matches("^[A-Z]{6}\\+DejaVuSans$", row.Name);
        Assert.Equal("CID TrueType", row.Type);
        Assert.True(row.Embedded && row.Subset);
        Assert.Contains("Title:           Scripts", PdfTools.Info(file), StringComparison.Ordinal);
    }

    [Fact]
    public void EmbedOnlyTheGlyphsItUses()
    {
        string small = directory.File("small.pdf"), large = directory.File("large.pdf");
        var font = TrueTypeFont.Load(SystemFonts.DejaVuSans);
        foreach (var (file, text) in new[] { (small, "ab"), (large, new string([.. Enumerable.Range(0x400, 200).Select(c => (char)c)])) })
        {
            using var stream = File.Create(file);
            var document = new PdfDocument(stream, new PdfDocumentInfo());
            var page = PdfDocument.CreatePage(300, 300);
            page.DrawText(document.GetFont(font), 4, PdfColor.Black, 10, 50, text);
            document.AddPage(page);
            document.Close();
        }

        PdfTools.AssertValid(small);
        PdfTools.AssertValid(large);
        long fullFont = new FileInfo(SystemFonts.DejaVuSans).Length;
        Assert.True(new FileInfo(small).Length < 8_000, $"a two-glyph PDF is {new FileInfo(small).Length} bytes");
        Assert.True(new FileInfo(large).Length < fullFont / 4);
        Assert.True(new FileInfo(large).Length > new FileInfo(small).Length * 2);
    }

    [Fact]
    public void RefuseAFileThatIsNotAFont()
    {
        string file = directory.File("not-a-font.ttf");
        File.WriteAllText(file, "This is a text file pretending to be a font, long enough to have a header.");

        var error = Assert.Throws<InvalidFontException>(() => TrueTypeFont.Load(file));

        Assert.Contains("not-a-font.ttf", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a TrueType font", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseATruncatedFont()
    {
        string file = directory.File("truncated.ttf");
        File.WriteAllBytes(file, File.ReadAllBytes(SystemFonts.DejaVuSans)[..5000]);

        var error = Assert.Throws<InvalidFontException>(() => TrueTypeFont.Load(file));

        Assert.Contains("truncated.ttf", error.Message, StringComparison.Ordinal);
    }
}
