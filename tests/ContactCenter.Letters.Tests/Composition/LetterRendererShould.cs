using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Fonts;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Composition;

public sealed class LetterRendererShould : IDisposable
{
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void GiveBackTheLettersTextExactly()
    {
        string[] paragraphs =
        [
            "Grüße aus Köln: Äpfel, Öl, Übermaß, Straße – der Betrag von 42,50 € ist verbucht.",
            "Zażółć gęślą jaźń. Łódź, Gdańsk, Świętokrzyskie.",
            "Příliš žluťoučký kůň úpěl ďábelské ódy. Třeboň, Brno.",
            "Καλημέρα σας, η παραγγελία σας έχει σταλεί.",
            "Здравствуйте, ваш заказ отправлен сегодня.",
        ];
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());
        string file = Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromText(string.Join("\n\n", paragraphs))), directory.File("scripts.pdf"));

        string text = Words(PdfTools.Text(file));
        foreach (string paragraph in paragraphs)
        {
            Assert.Contains(paragraph, text, StringComparison.Ordinal);
        }
        foreach (string expected in new[] { "Erika Mustermann", "Hauptstraße 5", "50667 Köln", "Your request 4711", "2 December 2026", "CC-4711", "Jan Novák", "Dear Ms Mustermann,", "Kind regards", "Example Services Ltd · PO Box 12 · London", "care@example.test" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.Equal(1, PdfTools.PageCount(file));
    }

    [Fact]
    public void EmbedEveryFontAsASubset()
    {
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());
        string file = Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromHtml("<p>Plain, <b>bold</b>, <i>italic</i>, <b><i>both</i></b>.</p>")), directory.File("fonts.pdf"));

        var fonts = PdfTools.Fonts(file);

        Assert.True(fonts.Count >= 4, string.Join(", ", fonts.Select(f => f.Name)));
        Assert.All(fonts, f => Assert.True(f.Embedded && f.Subset, $"{f.Name} is not an embedded subset"));
        Assert.All(fonts, f => Assert.Matches("^[A-Z]{6}\\+", f.Name));
        Assert.Contains(fonts, f => f.Name.EndsWith("+LiberationSans-BoldItalic", StringComparison.Ordinal));
    }

    [Fact]
    public void DrawCharactersTheLetterFontLacksInTheFallbackFont()
    {
        var liberation = TrueTypeFont.Load(SystemFonts.LiberationSans);
        var dejaVu = TrueTypeFont.Load(SystemFonts.DejaVuSans);
        int chess = 0x2654;
        Assert.False(liberation.Covers(chess));
        Assert.True(dejaVu.Covers(chess));
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());

        string file = Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromText("Your move: \u2654 wins.")), directory.File("fallback.pdf"));

        Assert.Contains("Your move: \u2654 wins.", Words(PdfTools.Text(file)), StringComparison.Ordinal);
        Assert.Contains(PdfTools.Fonts(file), f => f.Name.EndsWith("+DejaVuSans", StringComparison.Ordinal));
    }

    [Fact]
    public void ShowAReplacementCharacterWhenNoFontHasTheCharacter()
    {
        int emoji = 0x1F99C;
        Assert.False(TrueTypeFont.Load(SystemFonts.LiberationSans).Covers(emoji));
        Assert.False(TrueTypeFont.Load(SystemFonts.DejaVuSans).Covers(emoji));
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());

        string file = Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromText($"Parrot: {char.ConvertFromUtf32(emoji)}.")), directory.File("missing.pdf"));

        Assert.Contains("Parrot: \uFFFD.", Words(PdfTools.Text(file)), StringComparison.Ordinal);
    }

    [Fact]
    public void StreamToAForwardOnlyStream()
    {
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());
        string file = directory.File("forward.pdf");
        using (var target = File.Create(file))
        {
            using var forwardOnly = new ForwardOnlyStream(target);
            renderer.Render(Support.Letters.Sample(LetterBody.FromText("Streamed without seeking.")), forwardOnly);
        }

        PdfTools.AssertValid(file);
        Assert.Contains("Streamed without seeking.", PdfTools.Text(file), StringComparison.Ordinal);
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }

    [Fact]
    public void BreakAFiveBodyPageLetterWithFooterAndPageNumbersOnEachPage()
    {
        var paragraphs = Enumerable.Range(1, 56)
            .Select(i => $"Paragraph {i:D2} begins here. " + string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 4)) + $" End of paragraph {i:D2}.")
            .ToList();
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());
        string file = Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromText(string.Join("\n\n", paragraphs))), directory.File("five.pdf"));

        Assert.Equal(5, PdfTools.PageCount(file));
        var all = new List<int>();
        for (int page = 1; page <= 5; page++)
        {
            string text = Words(PdfTools.Text(file, page));
            Assert.Contains($"Page {page} of 5", text, StringComparison.Ordinal);
            Assert.Contains("Registered in England", text, StringComparison.Ordinal);
            Assert.Contains("care@example.test", text, StringComparison.Ordinal);
            if (page > 1)
            {
                Assert.Contains("Erika Mustermann, 2 December 2026", text, StringComparison.Ordinal);
            }
            all.AddRange(System.Text.RegularExpressions.Regex.Matches(text, @"Paragraph (\d\d) begins").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
        Assert.Equal(Enumerable.Range(1, 56), all);
        Assert.Contains("Kind regards", Words(PdfTools.Text(file, 5)), StringComparison.Ordinal);
    }
}
