using System.Text;
using ContactCenter.Letters.Fonts;

namespace ContactCenter.Letters.Layout;

/// <summary>
/// Breaks a paragraph's runs into lines, greedily: at spaces, after hyphens between letters, and at soft hyphens
/// (which then show as a hyphen); a word longer than the line is broken between characters. Each line is
/// aligned left, right, centred or justified (all but the last line and lines ended by a forced break).
/// </summary>
internal sealed class LineBreaker(FontResolver fonts)
{
    private enum Kind
    {
        Box,
        Glue,
        Penalty,
        Break,
    }

    private sealed record Item(Kind Kind, TextStyle Style, string Text = "", TrueTypeFont? Font = null, double Width = 0, double HyphenWidth = 0);

    private sealed record Line(int Start, int End, bool Hyphenated, bool Last);

    public List<LaidLine> Break(IReadOnlyList<TextRun> runs, double x, double width, ParagraphStyle style)
    {
        var items = Tokenise(runs);
        var lines = new List<LaidLine>();
        foreach (var line in FindLines(items, width))
        {
            lines.Add(Build(items, line, x, width, style));
        }
        return lines;
    }

    private List<Item> Tokenise(IReadOnlyList<TextRun> runs)
    {
        var items = new List<Item>();
        var text = new StringBuilder();
        foreach (var run in runs)
        {
            TrueTypeFont? boxFont = null;
            int previous = 0;
            void Flush()
            {
                if (text.Length > 0)
                {
                    string s = text.ToString();
                    items.Add(new Item(Kind.Box, run.Style, s, boxFont, Width(boxFont!, s, run.Style.Size)));
                    text.Clear();
                }
            }
            foreach (Rune rune in run.Text.EnumerateRunes())
            {
                int c = rune.Value;
                switch (c)
                {
                    case ' ' or '\t':
                        Flush();
                        var spaceFont = fonts.Primary(run.Style);
                        items.Add(new Item(Kind.Glue, run.Style, " ", spaceFont, Width(spaceFont, " ", run.Style.Size)));
                        break;
                    case '\n':
                        Flush();
                        items.Add(new Item(Kind.Break, run.Style));
                        break;
                    case '\r':
                        break;
                    case 0xAD:
                        Flush();
                        var (hyphenFont, hyphen) = fonts.Resolve(run.Style, '-');
                        items.Add(new Item(Kind.Penalty, run.Style, char.ConvertFromUtf32(hyphen), hyphenFont, 0, Width(hyphenFont, "-", run.Style.Size)));
                        break;
                    default:
                        var (font, shown) = fonts.Resolve(run.Style, c);
                        if (font != boxFont)
                        {
                            Flush();
                            boxFont = font;
                        }
                        text.Append(char.ConvertFromUtf32(shown));
                        if (c == '-' && Rune.IsLetterOrDigit(new Rune(previous)))
                        {
                            Flush();
                            items.Add(new Item(Kind.Penalty, run.Style));
                        }
                        break;
                }
                previous = c;
            }
            Flush();
        }
        return items;
    }

    private static double Width(TrueTypeFont font, string text, double size)
    {
        int units = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            units += font.Advance(font.GlyphOf(rune.Value));
        }
        return units * size / font.UnitsPerEm;
    }

    private static IEnumerable<Line> FindLines(List<Item> items, double max)
    {
        int i = 0;
        while (i < items.Count)
        {
            while (i < items.Count && items[i].Kind is Kind.Glue or Kind.Penalty)
            {
                i++;
            }
            if (i >= items.Count)
            {
                yield break;
            }
            double width = 0;
            int lastBreak = -1;
            int j = i;
            Line? line = null;
            for (; j < items.Count; j++)
            {
                var item = items[j];
                if (item.Kind == Kind.Break)
                {
                    line = new Line(i, j, false, true);
                    i = j + 1;
                    break;
                }
                if (item.Kind == Kind.Glue)
                {
                    lastBreak = j;
                    width += item.Width;
                    continue;
                }
                if (item.Kind == Kind.Penalty)
                {
                    if (width + item.HyphenWidth <= max)
                    {
                        lastBreak = j;
                    }
                    continue;
                }
                if (width + item.Width <= max + 0.001)
                {
                    width += item.Width;
                    continue;
                }
                if (lastBreak >= 0)
                {
                    line = new Line(i, lastBreak, items[lastBreak].Kind == Kind.Penalty && items[lastBreak].Text.Length > 0, false);
                    i = lastBreak + 1;
                    break;
                }
                // No break opportunity on this line: the word is longer than the line; break between characters.
                int fit = FittingPrefix(item, max - width);
                if (fit == 0 && j > i)
                {
                    line = new Line(i, j, false, false);
                    i = j;
                    break;
                }
                fit = Math.Max(fit, Rune.GetRuneAt(item.Text, 0).Utf16SequenceLength);
                if (fit < item.Text.Length)
                {
                    string head = item.Text[..fit], tail = item.Text[fit..];
                    items[j] = item with { Text = head, Width = Width(item.Font!, head, item.Style.Size) };
                    items.Insert(j + 1, item with { Text = tail, Width = Width(item.Font!, tail, item.Style.Size) });
                }
                line = new Line(i, j + 1, false, false);
                i = j + 1;
                break;
            }
            if (line is null)
            {
                line = new Line(i, items.Count, false, true);
                i = items.Count;
            }
            yield return line;
        }
    }

    /// <summary>How many UTF-16 units of a box fit in the width, whole characters only.</summary>
    private static int FittingPrefix(Item item, double available)
    {
        double width = 0;
        int length = 0;
        foreach (Rune rune in item.Text.EnumerateRunes())
        {
            width += item.Font!.Advance(item.Font.GlyphOf(rune.Value)) * item.Style.Size / item.Font.UnitsPerEm;
            if (width > available)
            {
                break;
            }
            length += rune.Utf16SequenceLength;
        }
        return length;
    }

    private LaidLine Build(List<Item> items, Line line, double x, double width, ParagraphStyle style)
    {
        int end = line.End;
        while (end > line.Start && items[end - 1].Kind is Kind.Glue or Kind.Penalty)
        {
            end--;
        }
        var content = items.GetRange(line.Start, end - line.Start).Where(it => it.Kind is Kind.Box or Kind.Glue).ToList();
        if (line.Hyphenated)
        {
            var penalty = items[line.End];
            content.Add(new Item(Kind.Box, penalty.Style, penalty.Text, penalty.Font, penalty.HyphenWidth));
        }
        double natural = content.Sum(it => it.Width);
        int glues = content.Count(it => it.Kind == Kind.Glue);
        double extra = 0, offset = 0;
        switch (style.Alignment)
        {
            case TextAlignment.Justify when !line.Last && glues > 0 && natural < width:
                extra = (width - natural) / glues;
                break;
            case TextAlignment.Right:
                offset = Math.Max(0, width - natural);
                break;
            case TextAlignment.Center:
                offset = Math.Max(0, (width - natural) / 2);
                break;
        }

        double maxSize = content.Count == 0 ? items[Math.Min(line.Start, items.Count - 1)].Style.Size : content.Max(it => it.Style.Size);
        double ascent = 0, descent = 0;
        foreach (var it in content)
        {
            var font = it.Font ?? fonts.Primary(it.Style);
            ascent = Math.Max(ascent, font.Ascender * it.Style.Size / font.UnitsPerEm);
            descent = Math.Max(descent, -font.Descender * it.Style.Size / font.UnitsPerEm);
        }
        if (content.Count == 0)
        {
            ascent = maxSize * 0.8;
            descent = maxSize * 0.2;
        }
        double height = Math.Max(maxSize * style.LineHeight, ascent + descent);
        double baseline = (height - ascent - descent) / 2 + ascent;

        var pieces = new List<Piece>();
        var text = new StringBuilder();
        double pieceX = x + offset, cursor = x + offset;
        Item? current = null;
        void Flush()
        {
            if (current is not null && text.Length > 0)
            {
                pieces.Add(new TextPiece(current.Font!, current.Style.Size, current.Style.Color, pieceX, baseline, text.ToString()));
                if (current.Style.Underline)
                {
                    double y = baseline + current.Style.Size * 0.12;
                    pieces.Add(new RulePiece(pieceX, y, cursor, y, Math.Max(0.4, current.Style.Size * 0.06), current.Style.Color));
                }
            }
            text.Clear();
            current = null;
        }
        foreach (var it in content)
        {
            if (it.Kind == Kind.Glue && extra > 0)
            {
                Flush();
                cursor += it.Width + extra;
                pieceX = cursor;
                continue;
            }
            if (current is null || current.Font != it.Font || current.Style != it.Style)
            {
                Flush();
                current = it;
                pieceX = cursor;
            }
            text.Append(it.Text);
            cursor += it.Width;
        }
        Flush();
        return new LaidLine(height, pieces);
    }
}
