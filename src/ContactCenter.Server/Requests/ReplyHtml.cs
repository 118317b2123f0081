using System.Net;
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

    /// <summary>The plain-text alternative of an answer (<see cref="HtmlText"/>).</summary>
    public static string ToText(string? html) => HtmlText.Of(html);
}
