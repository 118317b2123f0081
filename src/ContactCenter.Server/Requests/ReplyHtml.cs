using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The HTML of an answer an agent writes: what the editor may produce (paragraphs, bold, italic, underline, lists,
/// links, quotes) and nothing else, whatever the browser sent; text from templates and text blocks turned into it; and
/// the plain-text alternative that goes out beside it.
/// </summary>
public static class ReplyHtml
{
    /// <summary>The longest answer accepted, in characters of HTML.</summary>
    public const int MaxLength = 500_000;

    /// <summary>Elements whose content is never text a reader sees: removed whole, not unwrapped.</summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "noembed", "noframes", "iframe", "object", "embed", "svg", "math", "title", "head", "select", "textarea",
    };

    private static readonly HtmlSanitizer Sanitizer = Create();

    private static readonly HtmlParser Parser = new();

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "a", "b", "blockquote", "br", "div", "em", "i", "li", "ol", "p", "strong", "u", "ul",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        })
        {
            // Removed tags keep their text (an agent's span or font loses its styling, not its words) ...
            KeepChildNodes = true,
        };
        // ... except where the content is no text: a script's source must not turn into words of the answer.
        sanitizer.RemovingTag += (_, e) =>
        {
            if (Hidden.Contains(e.Tag.LocalName))
            {
                e.Tag.InnerHtml = "";
            }
        };
        return sanitizer;
    }

    /// <summary>The answer's HTML reduced to what the editor produces; empty for empty input.</summary>
    public static string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : Sanitizer.Sanitize(html).Trim();

    /// <summary>Plain text as HTML: paragraphs at blank lines, line breaks kept, everything encoded.</summary>
    public static string FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var paragraphs = text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Concat(paragraphs.Select(p => "<p>" + string.Join("<br>", p.Split('\n').Select(WebUtility.HtmlEncode)) + "</p>"));
    }

    /// <summary>
    /// The plain-text alternative of an answer: blocks separated by blank lines, list items with "- " or their number,
    /// quotes with "> ", a link's address after its text when they differ.
    /// </summary>
    public static string ToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        using var document = Parser.ParseDocument("<body>" + html + "</body>");
        var text = new StringBuilder();
        Write(document.Body!, text);
        var lines = text.ToString().Split('\n').Select(l => l.TrimEnd());
        // At most one blank line in a row, none at the start or end.
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            blank = line.Length == 0 || line.All(c => c == '>' || c == ' ') ? blank + 1 : 0;
            if (blank <= 1)
            {
                result.Append(line).Append('\n');
            }
        }

        return result.ToString().Trim('\n', ' ');
    }

    private static void Write(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText part:
                    text.Append(Collapse(part.Data));
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement { LocalName: "p" or "div" } block:
                    Block(text);
                    Write(block, text);
                    Block(text);
                    break;
                case IElement { LocalName: "ul" or "ol" } list:
                    Block(text);
                    var number = 1;
                    foreach (var item in list.Children.Where(c => c.LocalName == "li"))
                    {
                        text.Append(list.LocalName == "ol" ? $"{number++}. " : "- ");
                        Write(item, text);
                        text.Append('\n');
                    }

                    Block(text);
                    break;
                case IElement { LocalName: "blockquote" } quote:
                    Block(text);
                    var inner = new StringBuilder();
                    Write(quote, inner);
                    foreach (var line in inner.ToString().Trim('\n').Split('\n'))
                    {
                        text.Append("> ").Append(line).Append('\n');
                    }

                    Block(text);
                    break;
                case IElement { LocalName: "a" } link:
                    Write(link, text);
                    var href = link.GetAttribute("href");
                    var label = link.TextContent.Trim();
                    if (!string.IsNullOrEmpty(href) && href != label && href != "mailto:" + label)
                    {
                        text.Append(" (").Append(href).Append(')');
                    }

                    break;
                case IElement element:
                    Write(element, text);
                    break;
            }
        }
    }

    /// <summary>Ends the current line and leaves one blank line before the next block.</summary>
    private static void Block(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }

        if (text.Length > 1 && text[^2] != '\n')
        {
            text.Append('\n');
        }
    }

    /// <summary>Runs of white space as one space, as a browser shows them.</summary>
    private static string Collapse(string data)
    {
        var result = new StringBuilder(data.Length);
        var space = false;
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!space)
                {
                    result.Append(' ');
                }

                space = true;
            }
            else
            {
                result.Append(c);
                space = false;
            }
        }

        return result.ToString();
    }
}
