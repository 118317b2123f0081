using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The plain text of (sanitised) HTML, as a mail program writes its text part: blocks, line breaks, list items and
/// table rows on lines of their own, a blank line before paragraphs, lists, quotes, tables and headings; numbered
/// items numbered, quoted lines after "> ", table cells apart by tabs, a link's address after its text when they
/// differ; white space as a browser shows it, styles and scripts left out. For the plain-text view of mail that came
/// with HTML only, and the plain-text alternative of our answers.
/// </summary>
public static class HtmlText
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "blockquote", "caption", "center", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "tr", "ul",
    };

    /// <summary>Blocks that a blank line sets apart from what comes before.</summary>
    private static readonly HashSet<string> Spaced = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "blockquote", "table", "pre", "h1", "h2", "h3", "ul", "ol",
    };

    /// <summary>The text of <paramref name="html"/> (the inside of a body); empty for empty input.</summary>
    public static string Of(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        using var document = Parser.ParseDocument("");
        // Parsed as the inside of body (a fragment), so a style element stays where the sanitiser left it.
        document.Body!.InnerHtml = html;
        var text = new StringBuilder();
        Write(document.Body, text, preformatted: false);
        // At most one blank line in a row (a quote's empty line counts as blank), none at the start or end.
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in text.ToString().Split('\n').Select(l => l.TrimEnd()))
        {
            blank = line.Length == 0 || line == ">" ? blank + 1 : 0;
            if (blank <= 1)
            {
                result.Append(line).Append('\n');
            }
        }

        return result.ToString().Trim('\n');
    }

    private static void Write(INode node, StringBuilder text, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText part:
                    text.Append(preformatted ? part.Data : Collapse(part.Data, text));
                    break;
                case IElement { LocalName: "style" or "script" or "title" or "head" or "template" }:
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement { LocalName: "td" or "th" } cell:
                    if (cell.PreviousElementSibling is not null)
                    {
                        text.Append('\t');
                    }

                    Write(cell, text, preformatted);
                    break;
                case IElement { LocalName: "a" } link:
                    Write(link, text, preformatted);
                    var href = link.GetAttribute("href");
                    var label = link.TextContent.Trim();
                    if (!string.IsNullOrEmpty(href) && href != label && href != "mailto:" + label)
                    {
                        text.Append(" (").Append(href).Append(')');
                    }

                    break;
                case IElement { LocalName: "blockquote" } quote:
                    NewLine(text);
                    text.Append('\n');
                    var inner = new StringBuilder();
                    Write(quote, inner, preformatted);
                    foreach (var line in inner.ToString().Trim('\n').Split('\n'))
                    {
                        text.Append(line.Length == 0 ? ">" : "> " + line).Append('\n');
                    }

                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    NewLine(text);
                    if (element.LocalName == "li")
                    {
                        text.Append(element.ParentElement?.LocalName == "ol" ? $"{element.ParentElement.Children.Where(c => c.LocalName == "li").ToList().IndexOf(element) + 1}. " : "- ");
                    }
                    else if (Spaced.Contains(element.LocalName))
                    {
                        text.Append('\n');
                    }

                    Write(element, text, preformatted || element.LocalName == "pre");
                    NewLine(text);
                    break;
                case IElement element:
                    Write(element, text, preformatted);
                    break;
            }
        }
    }

    private static void NewLine(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
    }

    /// <summary>HTML's white space: runs become one space, and none at the start of a line.</summary>
    private static string Collapse(string data, StringBuilder before)
    {
        var collapsed = new StringBuilder(data.Length);
        var space = before.Length == 0 || char.IsWhiteSpace(before[^1]);
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!space)
                {
                    collapsed.Append(' ');
                }

                space = true;
            }
            else
            {
                collapsed.Append(c);
                space = false;
            }
        }

        return collapsed.ToString();
    }
}
