namespace ContactCenter.Letters.Layout;

/// <summary>A frame's vertical extent on a page, in points from the top of the page.</summary>
internal readonly record struct Frame(double Top, double Bottom);

/// <summary>A line placed on a page.</summary>
internal readonly record struct PlacedLine(LaidLine Line, double Top);

/// <summary>
/// Fills pages with laid-out blocks: at least two lines of a paragraph stay together at the bottom of a page
/// (orphans) and at the top of the next (widows); a heading kept with the next block moves to the next page
/// when the start of that block would not fit after it; table rows are never split.
/// </summary>
internal static class Paginator
{
    private const int Orphans = 2, Widows = 2;

    public static List<List<PlacedLine>> Paginate(List<LaidBlock> blocks, Func<int, Frame> frameOf)
    {
        var pages = new List<List<PlacedLine>> { new() };
        var frame = frameOf(0);
        double y = frame.Top;

        void NewPage()
        {
            pages.Add([]);
            frame = frameOf(pages.Count - 1);
            y = frame.Top;
        }

        for (int b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            bool atTop = pages[^1].Count == 0;
            double before = atTop ? 0 : block.SpaceBefore;
            double need = before + StartHeight(block);
            // Keep-with-next chains (a heading before its paragraph): the chain and the start of what follows.
            int next = b;
            while (blocks[next].KeepWithNext && next + 1 < blocks.Count)
            {
                need += (next == b ? block.Height - StartHeight(block) : blocks[next].Height) + blocks[next + 1].SpaceBefore;
                next++;
                if (!blocks[next].KeepWithNext)
                {
                    need += StartHeight(blocks[next]);
                }
            }
            if (!atTop && y + need > frame.Bottom && need <= frame.Bottom - frame.Top)
            {
                NewPage();
                before = 0;
            }
            y += before;

            int placed = 0, count = block.Lines.Count;
            while (placed < count)
            {
                int fits = 0;
                double h = 0;
                while (placed + fits < count && y + h + block.Lines[placed + fits].Height <= frame.Bottom + 0.01)
                {
                    h += block.Lines[placed + fits].Height;
                    fits++;
                }
                int take = fits;
                if (placed + fits < count)
                {
                    if (block.KeepTogether)
                    {
                        take = placed == 0 && pages[^1].Count > 0 ? 0 : fits;
                    }
                    else
                    {
                        if (count - placed - take < Widows)
                        {
                            take = Math.Max(0, count - placed - Widows);
                        }
                        if (placed == 0 && take < Orphans)
                        {
                            take = 0;
                        }
                    }
                    // A line taller than a whole frame must still go somewhere.
                    if (take == 0 && pages[^1].Count == 0)
                    {
                        take = Math.Max(1, fits);
                    }
                }
                for (int i = 0; i < take; i++)
                {
                    var line = block.Lines[placed + i];
                    pages[^1].Add(new PlacedLine(line, y));
                    y += line.Height;
                }
                placed += take;
                if (placed < count)
                {
                    NewPage();
                }
            }
            y += block.SpaceAfter;
        }
        return pages;
    }

    private static double StartHeight(LaidBlock block) =>
        block.KeepTogether ? block.Height : block.Lines.Take(Orphans).Sum(l => l.Height);
}
