using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Layout;
using ContactCenter.Letters.Pdf;

namespace ContactCenter.Letters.Input;

/// <summary>
/// Turns the HTML an agent writes into letter blocks: p, br, b/strong, i/em, u, ul/ol/li, table/tr/td/th,
/// h1–h3, a (text followed by its URL) and span colours. Other elements give their text; scripts, styles and
/// similar are dropped. Nesting deeper than <see cref="MaxDepth"/> elements is refused, so hostile input cannot
/// exhaust the stack.
/// </summary>
internal sealed partial class HtmlBodyReader(TextStyles styles)
{
    public const int MaxDepth = 200;

    // A br inside the text until whitespace is collapsed; U+2028 is not something an agent types.
    private const char BreakMark = '\u2028';

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "template", "noscript", "iframe", "object", "embed", "svg", "math", "canvas", "video", "audio", "select", "button", "input", "textarea", "title", "meta", "link",
    };

    private static readonly HashSet<string> BlockContainers = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "blockquote", "header", "footer", "main", "address", "pre", "aside", "nav", "figure", "figcaption", "dl", "dt", "dd", "form", "fieldset", "center", "body", "html",
    };

    private sealed class Context(List<Block> output)
    {
        public List<Block> Output => output;

        public List<TextRun> Runs { get; } = [];

        public ParagraphStyle? Paragraph { get; set; }
    }

    /// <exception cref="LetterInputException">The HTML nests elements deeper than <see cref="MaxDepth"/>.</exception>
    public IReadOnlyList<Block> Read(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var output = new List<Block>();
        var context = new Context(output);
        if (document.Body is { } body)
        {
            Walk(body, styles.Body, context, 0);
        }
        Flush(context);
        return output;
    }

    private void Walk(INode parent, TextStyle style, Context context, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new LetterInputException($"The HTML body nests elements more than {MaxDepth} levels deep; simplify the answer's markup.");
        }
        foreach (var node in parent.ChildNodes)
        {
            Visit(node, style, context, depth);
        }
    }

    private void Visit(INode node, TextStyle style, Context context, int depth)
    {
        {
            if (node is IText text)
            {
                context.Runs.Add(new TextRun(text.Data, style));
                return;
            }
            if (node is not IElement element)
            {
                return;
            }
            string name = element.LocalName;
            if (Dropped.Contains(name))
            {
                return;
            }
            switch (name)
            {
                case "br":
                    context.Runs.Add(new TextRun(BreakMark.ToString(), style));
                    break;
                case "b" or "strong":
                    Walk(element, style with { Bold = true }, context, depth + 1);
                    break;
                case "i" or "em":
                    Walk(element, style with { Italic = true }, context, depth + 1);
                    break;
                case "u" or "ins":
                    Walk(element, style with { Underline = true }, context, depth + 1);
                    break;
                case "span" or "font":
                    Walk(element, WithColour(element, style), context, depth + 1);
                    break;
                case "a":
                    Walk(element, style, context, depth + 1);
                    string? href = element.GetAttribute("href");
                    if (!string.IsNullOrWhiteSpace(href) && !href.StartsWith('#') && !href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(Normalise(element.TextContent), href.Trim(), StringComparison.Ordinal))
                    {
                        context.Runs.Add(new TextRun($" ({href.Trim()})", style));
                    }
                    break;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    Flush(context);
                    var heading = styles.Headings[Math.Min(2, name[1] - '1')];
                    context.Paragraph = new ParagraphStyle(TextAlignment.Left, heading.Size * 0.8, heading.Size * 0.4, KeepWithNext: true, LineHeight: styles.LineHeight);
                    Walk(element, heading with { Color = WithColour(element, heading).Color }, context, depth + 1);
                    Flush(context);
                    break;
                case "ul" or "ol":
                    Flush(context);
                    context.Output.Add(ReadList(element, style, name == "ol", depth + 1));
                    break;
                case "table":
                    Flush(context);
                    context.Output.Add(ReadTable(element, style, depth + 1));
                    break;
                case "li":
                    // A list item outside a list reads as a paragraph.
                    Flush(context);
                    Walk(element, style, context, depth + 1);
                    Flush(context);
                    break;
                default:
                    if (BlockContainers.Contains(name))
                    {
                        Flush(context);
                        context.Paragraph = Alignment(element) is { } alignment ? styles.BodyParagraph with { Alignment = alignment } : null;
                        Walk(element, WithColour(element, style), context, depth + 1);
                        Flush(context);
                    }
                    else
                    {
                        Walk(element, style, context, depth + 1);
                    }
                    break;
            }
        }
    }

    private ListBlock ReadList(IElement list, TextStyle style, bool ordered, int depth)
    {
        var items = new List<IReadOnlyList<Block>>();
        foreach (var child in list.Children)
        {
            var blocks = new List<Block>();
            var context = new Context(blocks);
            // Anything but an li directly in a list still counts as an item of its own.
            if (child.LocalName == "li")
            {
                Walk(child, style, context, depth + 1);
            }
            else
            {
                Visit(child, style, context, depth + 1);
            }
            Flush(context, tight: true);
            if (blocks.Count > 0)
            {
                items.Add(blocks);
            }
        }
        return new ListBlock(ordered, items, style with { Bold = false, Italic = false, Underline = false }, styles.Body.Size * 0.6);
    }

    private TableBlock ReadTable(IElement table, TextStyle style, int depth)
    {
        var rows = new List<IReadOnlyList<TableCell>>();
        foreach (var row in table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table))
        {
            var cells = new List<TableCell>();
            foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
            {
                var blocks = new List<Block>();
                var context = new Context(blocks);
                Walk(cell, cell.LocalName == "th" ? style with { Bold = true } : style, context, depth + 2);
                Flush(context, tight: true);
                cells.Add(new TableCell(blocks));
            }
            if (cells.Count > 0)
            {
                rows.Add(cells);
            }
        }
        return new TableBlock(rows, styles.TableBorder, styles.Body.Size * 0.6);
    }

    /// <summary>Collapses whitespace as HTML does and turns the collected runs into a paragraph.</summary>
    private void Flush(Context context, bool tight = false)
    {
        var runs = new List<TextRun>();
        bool lastWasSpace = true;
        var text = new StringBuilder();
        foreach (var run in context.Runs)
        {
            text.Clear();
            foreach (char c in run.Text)
            {
                if (c == BreakMark)
                {
                    TrimTrailingSpace(runs, text);
                    text.Append('\n');
                    lastWasSpace = true;
                }
                else if (char.IsWhiteSpace(c) && c != '\u00A0')
                {
                    if (!lastWasSpace)
                    {
                        text.Append(' ');
                        lastWasSpace = true;
                    }
                }
                else
                {
                    text.Append(c);
                    lastWasSpace = false;
                }
            }
            if (text.Length > 0)
            {
                runs.Add(run with { Text = text.ToString() });
            }
        }
        TrimTrailingSpace(runs, null);
        context.Runs.Clear();
        var style = context.Paragraph ?? styles.BodyParagraph;
        context.Paragraph = null;
        if (runs.Count > 0)
        {
            context.Output.Add(new Paragraph(runs, tight ? style with { SpaceAfter = style.SpaceAfter / 3 } : style));
        }
    }

    private static void TrimTrailingSpace(List<TextRun> runs, StringBuilder? current)
    {
        if (current is { Length: > 0 })
        {
            if (current[^1] == ' ')
            {
                current.Length--;
            }
            return;
        }
        while (runs.Count > 0 && runs[^1].Text.EndsWith(' '))
        {
            string trimmed = runs[^1].Text[..^1];
            if (trimmed.Length == 0)
            {
                runs.RemoveAt(runs.Count - 1);
            }
            else
            {
                runs[^1] = runs[^1] with { Text = trimmed };
                return;
            }
        }
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static TextAlignment? Alignment(IElement element)
    {
        var match = TextAlignPattern().Match(element.GetAttribute("style") ?? "");
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() switch
        {
            "justify" => TextAlignment.Justify,
            "right" => TextAlignment.Right,
            "center" => TextAlignment.Center,
            _ => TextAlignment.Left,
        } : null;
    }

    private static TextStyle WithColour(IElement element, TextStyle style)
    {
        string? value = element.GetAttribute("color");
        var match = ColourPattern().Match(element.GetAttribute("style") ?? "");
        if (match.Success)
        {
            value = match.Groups[1].Value;
        }
        if (value is null)
        {
            return style;
        }
        value = value.Trim().ToLowerInvariant();
        var named = value switch
        {
            "black" => "#000000",
            "red" => "#ff0000",
            "green" => "#008000",
            "blue" => "#0000ff",
            "gray" or "grey" => "#808080",
            "orange" => "#ffa500",
            "purple" => "#800080",
            _ => value,
        };
        if (PdfColor.TryParse(named, out var colour))
        {
            return style with { Color = colour };
        }
        var rgb = RgbPattern().Match(value);
        if (rgb.Success)
        {
            byte C(int i) => (byte)Math.Clamp(int.Parse(rgb.Groups[i].Value, CultureInfo.InvariantCulture), 0, 255);
            return style with { Color = new PdfColor(C(1), C(2), C(3)) };
        }
        return style;
    }

    [GeneratedRegex(@"(?:^|;)\s*color\s*:\s*([^;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ColourPattern();

    [GeneratedRegex(@"text-align\s*:\s*(left|right|center|justify)", RegexOptions.IgnoreCase)]
    private static partial Regex TextAlignPattern();

    [GeneratedRegex(@"^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$")]
    private static partial Regex RgbPattern();
}
