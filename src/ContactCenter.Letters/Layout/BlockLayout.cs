using System.Globalization;

namespace ContactCenter.Letters.Layout;

/// <summary>Lays out blocks (paragraphs, lists, tables) into lines for a frame of a given width, in points.</summary>
internal sealed class BlockLayout(FontResolver fonts)
{
    private const double ListIndent = 18, TableCellPadding = 4, TableBorder = 0.5;
    private const int MaxDepth = 32;

    private readonly LineBreaker breaker = new(fonts);

    public List<LaidBlock> Layout(IEnumerable<Block> blocks, double width)
    {
        var output = new List<LaidBlock>();
        foreach (var block in blocks)
        {
            Layout(block, 0, width, output, 0);
        }
        return output;
    }

    private void Layout(Block block, double x, double width, List<LaidBlock> output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new LetterInputException($"The letter body nests lists or tables deeper than {MaxDepth} levels.");
        }
        switch (block)
        {
            case Paragraph p:
                var lines = breaker.Break(p.Runs, x, width, p.Style);
                if (lines.Count > 0)
                {
                    output.Add(new LaidBlock(lines, p.Style.SpaceBefore, p.Style.SpaceAfter, p.Style.KeepWithNext, p.Style.KeepTogether));
                }
                break;
            case ListBlock list:
                LayoutList(list, x, width, output, depth);
                break;
            case TableBlock table:
                LayoutTable(table, x, width, output, depth);
                break;
            default:
                throw new ArgumentException($"Unknown block type {block.GetType().Name}.", nameof(block));
        }
    }

    private void LayoutList(ListBlock list, double x, double width, List<LaidBlock> output, int depth)
    {
        for (int i = 0; i < list.Items.Count; i++)
        {
            int first = output.Count;
            foreach (var block in list.Items[i])
            {
                Layout(block, x + ListIndent, width - ListIndent, output, depth + 1);
            }
            if (output.Count == first)
            {
                continue;
            }
            string marker = list.Ordered ? (i + 1).ToString(CultureInfo.InvariantCulture) + "." : "\u2022";
            var firstLine = output[first].Lines[0];
            // The marker ends a space before the item's text, so text extraction reads "• item" as one line.
            var markerLine = breaker.Break([new TextRun(marker, list.MarkerStyle)], 0, ListIndent - list.MarkerStyle.Size * 0.35, new ParagraphStyle(TextAlignment.Right));
            var anchor = firstLine.Pieces.OfType<TextPiece>().FirstOrDefault();
            foreach (var piece in markerLine[0].Pieces)
            {
                // Sit the marker on the baseline of the item's first line.
                double dy = anchor is null ? 0 : anchor.Baseline - ((TextPiece)piece).Baseline;
                firstLine.Pieces.Add(piece.Shift(x, dy));
            }
        }
        if (output.Count > 0)
        {
            output[^1].SpaceAfter = Math.Max(output[^1].SpaceAfter, list.SpaceAfter);
        }
    }

    private void LayoutTable(TableBlock table, double x, double width, List<LaidBlock> output, int depth)
    {
        int columns = table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count);
        if (columns == 0)
        {
            return;
        }
        double columnWidth = width / columns;
        for (int r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var cells = new List<List<LaidLine>>();
            double contentHeight = 0;
            foreach (var cell in row)
            {
                var laid = new List<LaidBlock>();
                foreach (var block in cell.Content)
                {
                    Layout(block, 0, columnWidth - 2 * TableCellPadding, laid, depth + 1);
                }
                var cellLines = laid.SelectMany(b => b.Lines).ToList();
                cells.Add(cellLines);
                contentHeight = Math.Max(contentHeight, cellLines.Sum(l => l.Height));
            }
            double rowHeight = contentHeight + 2 * TableCellPadding;
            var pieces = new List<Piece>();
            for (int c = 0; c < cells.Count; c++)
            {
                double cellX = x + c * columnWidth, y = TableCellPadding;
                foreach (var line in cells[c])
                {
                    pieces.AddRange(line.Pieces.Select(p => p.Shift(cellX + TableCellPadding, y)));
                    y += line.Height;
                }
            }
            // Borders: the top edge on the first row only; each row draws its bottom and vertical edges.
            double right = x + columns * columnWidth;
            if (r == 0)
            {
                pieces.Add(new RulePiece(x, 0, right, 0, TableBorder, table.BorderColor));
            }
            pieces.Add(new RulePiece(x, rowHeight, right, rowHeight, TableBorder, table.BorderColor));
            for (int c = 0; c <= columns; c++)
            {
                pieces.Add(new RulePiece(x + c * columnWidth, 0, x + c * columnWidth, rowHeight, TableBorder, table.BorderColor));
            }
            bool last = r == table.Rows.Count - 1;
            output.Add(new LaidBlock([new LaidLine(rowHeight, pieces)], 0, last ? table.SpaceAfter : 0, false, true));
        }
    }
}
