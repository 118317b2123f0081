using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using Ganss.Xss;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Received HTML mail made safe to show: an allowlist of formatting tags and attributes, links only to http, https
/// and mailto, images also from <c>cid:</c> parts and <c>data:image/*</c>, CSS that neither loads nor runs anything.
/// No script, event handler, form, frame, object, <c>base</c>, <c>meta</c> or <c>link</c> survives. Pages show the
/// result inside a sandboxed iframe besides, so a hole here still runs nothing.
/// </summary>
public static partial class MailHtml
{
    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>The HTML with everything outside the allowlist removed; empty for empty input.</summary>
    public static string Sanitize(string html) => string.IsNullOrWhiteSpace(html) ? "" : Sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "a", "abbr", "address", "article", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
                "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4",
                "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "ol", "p", "pre", "q", "s", "samp", "section",
                "small", "span", "strike", "strong", "style", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u",
                "ul", "var", "wbr",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "align", "alt", "bgcolor", "border", "cellpadding", "cellspacing", "cite", "class", "color", "colspan", "dir", "face",
                "height", "href", "hspace", "lang", "rowspan", "size", "span", "src", "start", "style", "summary", "title", "type",
                "valign", "vspace", "width",
            },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite" },
            // cid: names a part of the same message (the mail view inlines it); data: is narrowed to images below.
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "cid", "data" },
            AllowedCssProperties = new HashSet<string>(HtmlSanitizerDefaults.AllowedCssProperties, StringComparer.OrdinalIgnoreCase),
            // No @import, @font-face or @namespace: each loads something or changes how the rest is read.
            AllowedAtRules = new HashSet<CssRuleType> { CssRuleType.Style, CssRuleType.Media },
        })
        {
            DisallowCssPropertyValue = LoadingCss(),
        };
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.SanitizedUrl?.StartsWith("data:", StringComparison.OrdinalIgnoreCase) == true && !IsDataImage(e.Tag.LocalName, e.SanitizedUrl))
            {
                e.SanitizedUrl = null;
            }
        };
        return sanitizer;
    }

    /// <summary>A raster image inline in an <c>img</c> (SVG can carry script, so it is not one).</summary>
    private static bool IsDataImage(string tag, string url) =>
        tag == "img" && url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("data:image/svg", StringComparison.OrdinalIgnoreCase);

    /// <summary>CSS values that load (url, image-set), run (expression, behavior, -moz-binding, script URLs) or hide either behind escapes.</summary>
    [GeneratedRegex(@"[<>\\]|url\s*\(|image-set\s*\(|image\s*\(|element\s*\(|expression\s*\(|behavior|binding|javascript\s*:|vbscript\s*:|@import",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LoadingCss();
}
