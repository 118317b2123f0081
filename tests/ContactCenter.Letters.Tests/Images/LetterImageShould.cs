using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Images;
using ContactCenter.Letters.Styles;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Images;

public sealed class LetterImageShould : IDisposable
{
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    public static TheoryData<string, byte[], bool> Pngs() => new()
    {
        { "grey 8-bit", TestImages.Png(4, 3, 0, 8, (y, w) => [.. Enumerable.Range(0, w).Select(x => (byte)(x * 60))]), false },
        { "grey 1-bit", TestImages.Png(10, 2, 0, 1, (y, w) => [0b1010_1010, 0b1100_0000]), false },
        { "grey 16-bit", TestImages.Png(2, 2, 0, 16, (y, w) => [0x12, 0x34, 0xFF, 0xFF]), false },
        { "rgb", TestImages.Png(3, 3, 2, 8, (y, w) => [.. Enumerable.Repeat(new byte[] { 200, 10, 10 }, w).SelectMany(p => p)]), false },
        { "palette 4-bit", TestImages.Png(4, 2, 3, 4, (y, w) => [0x01, 0x10], palette: [255, 0, 0, 0, 0, 255]), false },
        { "palette with tRNS", TestImages.Png(2, 2, 3, 8, (y, w) => [0, 1], palette: [255, 0, 0, 0, 0, 255], transparency: [0]), true },
        { "grey with alpha", TestImages.Png(2, 2, 4, 8, (y, w) => [0, 255, 0, 0]), true },
        { "rgba", TestImages.HalfTransparentBlack(4, 4), true },
    };

    [Theory]
    [MemberData(nameof(Pngs))]
    public void DecodeEveryPngFlavour(string name, byte[] png, bool softMask)
    {
        var image = LetterImage.Decode(png, name);

        Assert.True(image.Width > 0 && image.Height > 0);
        Assert.Equal(softMask, image.HasSoftMask);
    }

    [Fact]
    public void RefuseATruncatedPng()
    {
        byte[] png = TestImages.HalfTransparentBlack(40, 40);

        var error = Assert.Throws<InvalidImageException>(() => LetterImage.Decode(png[..(png.Length - 30)], "logo.png"));

        Assert.Contains("logo.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseAPngWithDamagedPixelData()
    {
        byte[] png = TestImages.HalfTransparentBlack(40, 40);
        png[60] ^= 0xFF;

        Assert.Throws<InvalidImageException>(() => LetterImage.Decode(png, "logo.png"));
    }

    [Fact]
    public void PassJpegDataThroughUnchanged()
    {
        byte[] jpeg = TestImages.FlatGreyJpeg(4, 2, 0);
        string logo = directory.File("logo.jpg");
        File.WriteAllBytes(logo, jpeg);

        var image = LetterImage.Load(logo);
        string file = RenderWithLogo(logo, 60);

        Assert.Equal((32, 16), (image.Width, image.Height));
        Assert.False(image.HasSoftMask);
        // The very bytes of the JPEG appear in the PDF as the image stream.
        byte[] pdf = File.ReadAllBytes(file);
        Assert.True(pdf.AsSpan().IndexOf(jpeg) > 0);
        string list = PdfTools.Run("pdfimages", ["-list", file]).Output;
        Assert.Contains("jpeg", list, StringComparison.Ordinal);
        var page = PdfTools.Render(file, 1, 100);
        Assert.True(page.Ink(10, 12, 20, 8) > 100, "the black JPEG logo should show as ink");
    }

    [Fact]
    public void DrawAPngLogoWithItsAlphaAsSoftMask()
    {
        string logo = directory.File("logo.png");
        File.WriteAllBytes(logo, TestImages.HalfTransparentBlack(40, 20));

        string file = RenderWithLogo(logo, 60);

        string list = PdfTools.Run("pdfimages", ["-list", file]).Output;
        Assert.Contains("smask", list, StringComparison.Ordinal);
        var page = PdfTools.Render(file, 1, 100);
        // Logo at x 10–70 mm, y 10–40 mm: the opaque left half is black, the transparent right half shows the page.
        Assert.True(page.Ink(12, 12, 26, 20) > 0.9 * page.Pixels(26) * page.Pixels(20));
        Assert.Equal(0, page.Ink(42, 12, 26, 20));
    }

    [Fact]
    public void RefuseAStylesheetWhoseLogoIsTruncatedAndWriteNothing()
    {
        string logo = directory.File("broken.png");
        byte[] png = TestImages.HalfTransparentBlack(40, 20);
        File.WriteAllBytes(logo, png[..(png.Length / 2)]);
        var stylesheet = Support.Letters.EnglishStylesheet() with { Letterhead = new LetterheadSetup { Logo = new LogoSetup(logo, 10, 10, 60) } };

        var error = Assert.Throws<InvalidImageException>(() => LetterRenderer.Create(stylesheet));

        Assert.Contains("broken.png", error.Message, StringComparison.Ordinal);
    }

    private string RenderWithLogo(string logo, double width)
    {
        var stylesheet = Support.Letters.EnglishStylesheet() with
        {
            Letterhead = new LetterheadSetup { Logo = new LogoSetup(logo, 10, 10, width), Lines = ["Example"], Align = HorizontalAlignment.Right },
        };
        var renderer = LetterRenderer.Create(stylesheet);
        return Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromText("Logo test.")), directory.File(Guid.NewGuid().ToString("N") + ".pdf"));
    }
}
