using System.Text;
using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Input;

public sealed class HtmlBodyShould : IDisposable
{
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void RenderTheHtmlSubsetAgentsWrite()
    {
        string html = """
            <h1>Your order</h1>
            <p>Thank you for <b>your</b> message of <i>yesterday</i>. Please <u>note</u>:<br>the parcel left today.</p>
            <ul><li>First point</li><li>Second point</li></ul>
            <ol><li>Step one</li><li>Step two</li></ol>
            <table><tr><th>Item</th><th>Price</th></tr><tr><td>Kettle</td><td>29,99 €</td></tr></table>
            <p>Track it at <a href="https://track.example/4711">our tracking page</a> or <span style="color:#cc0000">call us</span>.</p>
            <script>alert('never printed')</script><style>p { color: red }</style>
            <custom-thing>Unknown elements keep their text.</custom-thing>
            """;
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());

        string file = Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromHtml(html)), directory.File("html.pdf"));

        string text = PdfTools.Text(file);
        string words = Words(text);
        string layoutWords = Words(PdfTools.Text(file, layout: true));
        foreach (string expected in new[]
        {
            "Your order", "Thank you for your message of yesterday. Please note:", "the parcel left today.",
            "• First point", "• Second point", "1. Step one", "2. Step two", 
            "Track it at our tracking page (https://track.example/4711) or call us.", "Unknown elements keep their text.",
        })
        {
            Assert.Contains(expected, words, StringComparison.Ordinal);
        }
        // Table cells read row by row when the page layout is kept.
        Assert.Contains("Item Price Kettle 29,99 €", layoutWords, StringComparison.Ordinal);
        Assert.DoesNotContain("never printed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color: red", text, StringComparison.Ordinal);
        // The br is a line break: the two halves are on separate lines.
        Assert.Contains("note:\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MapElementsToStyledBlocks()
    {
        var styles = new TextStyles(Support.Letters.EnglishStylesheet());
        var blocks = LetterBody.FromHtml("<h2>Title</h2><p>a <strong>b</strong> <em>c</em> <span style=\"color: rgb(0, 128, 0)\">d</span></p><ol><li>x</li></ol>").ToBlocks(styles);

        Assert.Equal(3, blocks.Count);
        var heading = Assert.IsType<Paragraph>(blocks[0]);
        Assert.True(heading.Style.KeepWithNext);
        Assert.Equal(styles.Headings[1].Size, heading.Runs[0].Style.Size);
        var paragraph = Assert.IsType<Paragraph>(blocks[1]);
        Assert.Equal(["a ", "b", " ", "c", " ", "d"], paragraph.Runs.Select(r => r.Text));
        Assert.True(paragraph.Runs[1].Style.Bold);
        Assert.True(paragraph.Runs[3].Style.Italic);
        Assert.Equal(new ContactCenter.Letters.Pdf.PdfColor(0, 128, 0), paragraph.Runs[5].Style.Color);
        Assert.True(Assert.IsType<ListBlock>(blocks[2]).Ordered);
    }

    [Fact]
    public void RefuseTenThousandNestedElementsWithAClearErrorAndNoOutput()
    {
        var html = new StringBuilder();
        for (int i = 0; i < 10_000; i++)
        {
            html.Append(i % 2 == 0 ? "<div>" : "<span>");
        }
        html.Append("deep");
        var renderer = LetterRenderer.Create(Support.Letters.EnglishStylesheet());
        using var output = new MemoryStream();

        var error = Assert.Throws<LetterInputException>(() => renderer.Render(Support.Letters.Sample(LetterBody.FromHtml(html.ToString())), output));

        Assert.Contains("nests elements more than", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void AcceptNestingWithinTheLimit()
    {
        string html = string.Concat(Enumerable.Repeat("<div>", 100)) + "inside" + string.Concat(Enumerable.Repeat("</div>", 100));
        var styles = new TextStyles(Support.Letters.EnglishStylesheet());

        var block = Assert.Single(LetterBody.FromHtml(html).ToBlocks(styles));

        Assert.Equal("inside", Assert.Single(Assert.IsType<Paragraph>(block).Runs).Text);
    }
}
