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
    public void DrawLinesRectanglesAndFillsInColour()
    {
        string file = directory.File("shapes.pdf");
        using (var stream = File.Create(file))
        {
            var document = new PdfDocument(stream, new PdfDocumentInfo("Shapes"));
            // A4 in points; 1 mm = 72 / 25.4 pt.
            const double mm = 72 / 25.4;
            var page = PdfDocument.CreatePage(210 * mm, 297 * mm);
            page.FillRectangle(20 * mm, 20 * mm, 50 * mm, 30 * mm, new PdfColor(0, 0, 0));
            page.StrokeRectangle(100 * mm, 20 * mm, 50 * mm, 30 * mm, 2, new PdfColor(0, 0, 0));
            page.DrawLine(20 * mm, 100 * mm, 190 * mm, 100 * mm, 3, new PdfColor(0, 0, 0));
            page.FillRectangle(20 * mm, 150 * mm, 50 * mm, 30 * mm, new PdfColor(0xE0, 0xE0, 0xE0));
            document.AddPage(page);
            document.Close();
        }

        PdfTools.AssertValid(file);
        var image = PdfTools.Render(file, 1, 72);
        Assert.True(image.Ink(22, 22, 46, 26) > 0.95 * image.Pixels(46) * image.Pixels(26), "filled rectangle");
        Assert.Equal(0, image.Ink(105, 25, 40, 20));
        Assert.True(image.Ink(99, 19, 3, 32) > 0, "stroked rectangle's left edge");
        Assert.True(image.Ink(20, 99, 170, 2) > 0, "line");
        Assert.Equal(0, image.Ink(22, 152, 46, 26));
        Assert.True(image.Ink(22, 152, 46, 26, threshold: 240) > 0, "light grey fill");
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
