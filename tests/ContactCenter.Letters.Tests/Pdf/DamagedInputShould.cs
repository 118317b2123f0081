using ContactCenter.Letters.Fonts;
using ContactCenter.Letters.Images;
using ContactCenter.Letters.Pdf;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Pdf;

/// <summary>Damaged fonts and images give the typed error with a message, never an index or overflow exception.</summary>
public sealed class DamagedInputShould
{
    [Fact]
    public void RefuseOrSurviveAFontWithCorruptedBytes()
    {
        byte[] original = File.ReadAllBytes(SystemFonts.DejaVuSans);
        var random = new Random(4711);
        int refused = 0;
        for (int round = 0; round < 40; round++)
        {
            byte[] damaged = (byte[])original.Clone();
            // Hit the table directory and the tables the parser reads, where damage matters most.
            for (int i = 0; i < 20; i++)
            {
                int at = round % 2 == 0 ? random.Next(0, 400) : random.Next(0, damaged.Length);
                damaged[at] = (byte)random.Next(256);
            }
            try
            {
                var font = TrueTypeFont.Parse(damaged, $"damaged-{round}.ttf");
                using var output = new MemoryStream();
                var document = new PdfDocument(output, new PdfDocumentInfo());
                var page = PdfDocument.CreatePage(200, 200);
                page.DrawText(document.GetFont(font), 10, PdfColor.Black, 10, 50, "Straße ÄÖÜ € Ωμέγα");
                document.AddPage(page);
                document.Close();
            }
            catch (InvalidFontException e)
            {
                Assert.Contains($"damaged-{round}.ttf", e.Message, StringComparison.Ordinal);
                refused++;
            }
        }
        Assert.True(refused > 0);
    }

    [Fact]
    public void RefuseAPngCutAtAnyLength()
    {
        byte[] png = TestImages.Png(30, 20, 2, 8, (y, w) => [.. Enumerable.Range(0, w * 3).Select(i => (byte)(i * y))]);
        for (int length = 0; length < png.Length; length++)
        {
            var error = Assert.Throws<InvalidImageException>(() => LetterImage.Decode(png[..length], "cut.png"));
            Assert.Contains("cut.png", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(30, LetterImage.Decode(png, "whole.png").Width);
    }

    [Fact]
    public void RefuseAJpegCutBeforeItsEnd()
    {
        byte[] jpeg = TestImages.FlatGreyJpeg(2, 2, 100);
        for (int length = 3; length < jpeg.Length - 1; length++)
        {
            Assert.Throws<InvalidImageException>(() => LetterImage.Decode(jpeg[..length], "cut.jpg"));
        }
    }
}
