using ContactCenter.Letters.Fonts;
using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Pdf;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Layout;

public sealed class LineBreakerShould
{
    private static readonly FontResolver Fonts = new(
        new Dictionary<string, FontFaces>
        {
            ["Sans"] = new(TrueTypeFont.Load(SystemFonts.LiberationSans), TrueTypeFont.Load(SystemFonts.LiberationSansBold)),
            ["DejaVu"] = new(TrueTypeFont.Load(SystemFonts.DejaVuSans)),
        },
        "DejaVu");

    private static readonly TextStyle Body = new("Sans", 10, PdfColor.Black);

    private static List<string> Lines(string text, double width, TextAlignment alignment = TextAlignment.Left) =>
        Break(text, width, alignment).Select(l => string.Concat(l.Pieces.OfType<TextPiece>().Select(p => p.Text))).ToList();

    private static List<LaidLine> Break(string text, double width, TextAlignment alignment = TextAlignment.Left) =>
        new LineBreaker(Fonts).Break([new TextRun(text, Body)], 0, width, new ParagraphStyle(alignment));

    private static double Width(string text) => Fonts.Measure(text, Body);

    [Fact]
    public void BreakAtSpacesWithoutExceedingTheWidth()
    {
        string text = "one two three four five six seven eight nine ten";
        double width = Width("one two three four");

        var lines = Lines(text, width);

        Assert.Equal("one two three four", lines[0]);
        Assert.Equal(text, string.Join(' ', lines));
        Assert.All(lines, l => Assert.True(Width(l) <= width + 0.01));
        // Greedy: the next line's first word would not have fitted.
        for (int i = 0; i < lines.Count - 1; i++)
        {
            Assert.True(Width(lines[i] + " " + lines[i + 1].Split(' ')[0]) > width);
        }
    }

    [Fact]
    public void BreakAfterAHyphenBetweenLetters()
    {
        var lines = Lines("Customer-service", Width("Customer-serv"));

        Assert.Equal(["Customer-", "service"], lines);
    }

    [Fact]
    public void ShowASoftHyphenOnlyWhereTheLineBreaks()
    {
        string text = "Donau\u00addampf\u00adschiff\u00adfahrt";

        Assert.Equal(["Donaudampfschifffahrt"], Lines(text, 500));
        Assert.Equal(["Donaudampf-", "schifffahrt"], Lines(text, Width("Donaudampf-sch")));
    }

    [Fact]
    public void BreakAWordLongerThanTheLineBetweenCharacters()
    {
        string word = new('W', 40);
        double width = Width("WWWWWWWWWW");

        var lines = Lines("x " + word, width);

        Assert.Equal("x", lines[0]);
        Assert.Equal(word, string.Concat(lines.Skip(1)));
        Assert.All(lines.Skip(1), l => Assert.True(Width(l) <= width + 0.01));
    }

    [Fact]
    public void JustifyAllButTheLastLineToTheFullWidth()
    {
        string text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";
        double width = Width("alpha beta gamma delta") + 7;

        var lines = Break(text, width, TextAlignment.Justify);

        foreach (var line in lines.SkipLast(1))
        {
            var last = line.Pieces.OfType<TextPiece>().Last();
            Assert.Equal(width, last.X + Width(last.Text), 1);
        }
        var final = lines[^1].Pieces.OfType<TextPiece>().Last();
        Assert.True(final.X + Width(final.Text) < width - 1);
    }

    [Fact]
    public void KeepRunsInTheirOwnStyleAndUnderlineThem()
    {
        var runs = new[] { new TextRun("plain ", Body), new TextRun("bold", Body with { Bold = true, Underline = true }) };

        var line = Assert.Single(new LineBreaker(Fonts).Break(runs, 0, 500, new ParagraphStyle()));

        var pieces = line.Pieces.OfType<TextPiece>().ToList();
        Assert.Equal(["plain ", "bold"], pieces.Select(p => p.Text));
        Assert.Contains("Bold", pieces[1].Font.PostScriptName, StringComparison.Ordinal);
        Assert.Single(line.Pieces.OfType<RulePiece>());
    }
}
