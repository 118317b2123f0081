using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Styles;
using ContactCenter.Letters.Tests.Support;

namespace ContactCenter.Letters.Tests.Composition;

/// <summary>Looks at page one as printed: pdftoppm renders it and the test checks where ink falls.</summary>
public sealed class LetterPageRasterShould : IDisposable
{
    private const int Dpi = 150;
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private GreyImage RenderPageOne(LetterStylesheet stylesheet)
    {
        var renderer = LetterRenderer.Create(stylesheet);
        string file = Support.Letters.RenderToFile(renderer, Support.Letters.Sample(LetterBody.FromText("A short answer.")), directory.File(Guid.NewGuid().ToString("N") + ".pdf"));
        return PdfTools.Render(file, 1, Dpi);
    }

    /// <summary>Centres of the runs of inked rows in a vertical strip, in millimetres from the top.</summary>
    private static List<double> MarkPositions(GreyImage page, double x, double width)
    {
        var rows = page.InkRows(x, width);
        var marks = new List<double>();
        var run = new List<double>();
        foreach (double row in rows)
        {
            if (run.Count > 0 && row - run[^1] > 1)
            {
                marks.Add(run.Average());
                run.Clear();
            }
            run.Add(row);
        }
        if (run.Count > 0)
        {
            marks.Add(run.Average());
        }
        return marks;
    }

    [Fact]
    public void PutInkInTheLetterheadAddressWindowAndFooter()
    {
        var page = RenderPageOne(Support.Letters.EnglishStylesheet());

        Assert.True(page.Ink(20, 5, 170, 35) > 200, "letterhead");
        Assert.True(page.Ink(20, 45, 85, 45) > 500, "address window");
        Assert.True(page.Ink(125, 50, 75, 40) > 200, "information block");
        Assert.True(page.Ink(20, 265, 170, 20) > 200, "footer");
        // The address window holds nothing outside its 85 × 45 mm box: the left edge strip next to it stays clean.
        Assert.Equal(0, page.Ink(12, 45, 7, 45));
    }

    [Fact]
    public void PutFoldMarksAt105And210MillimetresInFormB()
    {
        var page = RenderPageOne(Support.Letters.EnglishStylesheet(DinForm.B));

        var marks = MarkPositions(page, 4, 4);

        Assert.Equal(3, marks.Count);
        Assert.InRange(marks[0], 104.5, 105.5);
        Assert.InRange(marks[1], 148.0, 149.0);
        Assert.InRange(marks[2], 209.5, 210.5);
    }

    [Fact]
    public void PutFoldMarksAt87And192MillimetresInFormA()
    {
        var page = RenderPageOne(Support.Letters.EnglishStylesheet(DinForm.A));

        var marks = MarkPositions(page, 4, 4);

        Assert.Equal(3, marks.Count);
        Assert.InRange(marks[0], 86.5, 87.5);
        Assert.InRange(marks[2], 191.5, 192.5);
        Assert.True(page.Ink(20, 27, 85, 45) > 500, "address window of form A");
    }

    [Fact]
    public void LeaveMarksOutWhenSwitchedOff()
    {
        var page = RenderPageOne(Support.Letters.EnglishStylesheet() with { Marks = new MarksSetup { Fold = false, Hole = false } });

        Assert.Empty(MarkPositions(page, 3, 9));
    }
}
