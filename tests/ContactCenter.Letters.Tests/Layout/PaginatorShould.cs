using ContactCenter.Letters.Layout;

namespace ContactCenter.Letters.Tests.Layout;

public sealed class PaginatorShould
{
    private static LaidBlock Block(int lines, bool keepWithNext = false, bool keepTogether = false, string tag = "") =>
        new([.. Enumerable.Range(0, lines).Select(i => new LaidLine(10, [new RulePiece(0, 0, 1, 0, 1, default) { }]) { })], 0, 0, keepWithNext, keepTogether);

    private static List<List<PlacedLine>> Paginate(params LaidBlock[] blocks) => Paginator.Paginate([.. blocks], _ => new Frame(0, 100));

    [Fact]
    public void FillAPageAndContinueOnTheNext()
    {
        var pages = Paginate(Block(25));

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
    }

    [Fact]
    public void MoveAParagraphRatherThanLeaveOneLineAtTheBottom()
    {
        var first = Block(9);
        var second = Block(5);

        var pages = Paginate(first, second);

        Assert.Equal(9, pages[0].Count);
        Assert.Equal(5, pages[1].Count);
        Assert.All(pages[1], p => Assert.Contains(p.Line, second.Lines));
    }

    [Fact]
    public void CarryAtLeastTwoLinesToTheNextPage()
    {
        var first = Block(5);
        var second = Block(6);

        var pages = Paginate(first, second);

        // Five lines of the second paragraph would fit, but that would leave one line alone on the next page.
        Assert.Equal(9, pages[0].Count);
        Assert.Equal(2, pages[1].Count);
    }

    [Fact]
    public void KeepAHeadingWithTheStartOfTheNextParagraph()
    {
        var filler = Block(8);
        var heading = Block(1, keepWithNext: true);
        var paragraph = Block(4);

        var pages = Paginate(filler, heading, paragraph);

        Assert.Equal(8, pages[0].Count);
        Assert.Same(heading.Lines[0], pages[1][0].Line);
    }

    [Fact]
    public void NeverSplitARowThatMustStayTogether()
    {
        var filler = Block(7);
        var row = Block(4, keepTogether: true);

        var pages = Paginate(filler, row);

        Assert.Equal(7, pages[0].Count);
        Assert.Equal(4, pages[1].Count);
    }
}
