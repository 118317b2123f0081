using System.Text.RegularExpressions;
using ContactCenter.Letters.Input;
using ContactCenter.Letters.Layout;

namespace ContactCenter.Letters.Composition;

/// <summary>The body of a letter: plain text (blank lines separate paragraphs) or the HTML subset agents write.</summary>
public sealed partial class LetterBody
{
    private readonly string content;
    private readonly bool isHtml;

    private LetterBody(string content, bool isHtml)
    {
        this.content = content;
        this.isHtml = isHtml;
    }

    public static LetterBody FromText(string text) => new(text ?? "", false);

    public static LetterBody FromHtml(string html) => new(html ?? "", true);

    /// <summary>Builds the body's blocks in the letter's text styles.</summary>
    /// <exception cref="LetterInputException">The HTML nests too deeply.</exception>
    internal IReadOnlyList<Block> ToBlocks(TextStyles styles)
    {
        if (isHtml)
        {
            return new HtmlBodyReader(styles).Read(content);
        }
        var blocks = new List<Block>();
        foreach (string paragraph in BlankLines().Split(content.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            string text = paragraph.Trim('\n', ' ');
            if (text.Length > 0)
            {
                blocks.Add(new Paragraph([new TextRun(text, styles.Body)], styles.BodyParagraph));
            }
        }
        return blocks;
    }

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex BlankLines();
}
