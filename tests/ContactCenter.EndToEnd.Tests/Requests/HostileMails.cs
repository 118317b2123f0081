using System.Text;

namespace ContactCenter.EndToEnd.Tests.Requests;

/// <summary>
/// Hostile mail as an attacker would send it to a support address: script in every disguise HTML, SVG and MathML
/// allow, event handlers, <c>javascript:</c> and <c>data:</c> URLs, CSS that loads or runs, broken and encoded markup,
/// remote content of a foreign origin (<c>{F}</c>), and attachments, subjects and senders named like markup.
/// </summary>
internal static class HostileMails
{
    /// <summary>HTML bodies, each sent as a message of its own.</summary>
    private static readonly string[] Bodies =
    [
        "<p>Hi</p><script>alert(1)</script>",
        "<SCRIPT SRC={F}/x.js></SCRIPT><p>Hi</p>",
        "<img src=x onerror=alert(1)>",
        "<body onload=alert(1)><p>Hi</p></body>",
        "<svg onload=alert(1)></svg>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s></animate></svg>",
        "<svg><use href=\"data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='alert(1)'/&gt;&lt;/svg&gt;#x\"/></svg>",
        "<svg><image href=\"{F}/dot.png\"/></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">click</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">click</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<object data=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\"></object>",
        "<embed src=\"{F}/x.swf\">",
        "<form action=\"{F}/phish\"><input name=p autofocus onfocus=alert(1)><button>Log in</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><p>Hi</p>",
        "<base href=\"{F}/\"><img src=\"x.png\"><a href=\"y\">y</a>",
        "<link rel=stylesheet href=\"{F}/x.css\"><p>Hi</p>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=\">",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
        "<p style=\"background: url({F}/bg.png)\">Hi</p>",
        "<p style=\"background-image: u\\72l({F}/bg.png)\">Hi</p>",
        "<style>@import url({F}/x.css);</style><p>Hi</p>",
        "<style>body { background: url({F}/bg.png) }</style><p>Hi</p>",
        "<style>@font-face { font-family: x; src: url({F}/f.woff) }</style><p style=\"font-family: x\">Hi</p>",
        "<p style=\"width: expression(alert(1))\">Hi</p>",
        "<p style=\"-moz-binding: url({F}/x.xml#x)\">Hi</p>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<p>Our logo: <img src=\"{F}/dot.png\" srcset=\"{F}/dot.png 2x\" alt=\"Logo\"></p>",
        "<img src=\"{F}/image.svg\" alt=\"SVG\">",
        "<img src=\"{F}/page.html\" alt=\"HTML\">",
        "<video poster=\"{F}/dot.png\"><source src=\"{F}/v.mp4\" onerror=alert(1)></video>",
        "<audio src=\"{F}/a.mp3\" onerror=alert(1)></audio>",
        "<details open ontoggle=alert(1)><summary>x</summary>y</details>",
        "<input type=image src=\"{F}/dot.png\">",
        "<table background=\"{F}/bg.png\"><tr><td>x</td></tr></table>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img src=x\" onerror=\"alert(1)\">",
        "<div><!--<img src=x onerror=alert(1)>--></div><!--[if gte mso 9]><script>alert(1)</script><![endif]-->",
        "<template><script>alert(1)</script></template><p>Hi</p>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<a href=\"{F}/track\" ping=\"{F}/ping\">link</a>",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        "<p>unclosed <b><i>tags <table><td>cell<div>broken</p></b><img/src=x/onerror=alert(1)>",
        "<![CDATA[<script>alert(1)</script>]]><p>Hi</p>",
        "<object data=\"{F}/x.swf\" type=\"application/x-shockwave-flash\"><param name=x value=y></object>",
        "<isindex type=image src=1 onerror=alert(1)>",
        "<a href=\"vbscript:msgbox(1)\">click</a>",
        "<div style=\"position: fixed; top: 0; left: 0; width: 100%; height: 100%\" onclick=\"alert(1)\">cover</div>",
        "<img src=\"  javascript:alert(1)\"><a href=\"\u0001javascript:alert(1)\">x</a>",
    ];

    /// <summary>Every hostile mail, as raw RFC 5322 messages, their remote content pointed at <paramref name="foreign"/>.</summary>
    public static IReadOnlyList<byte[]> All(Uri foreign)
    {
        var f = foreign.GetLeftPart(UriPartial.Authority);
        var mails = Bodies.Select((body, i) => Message(i, $"Hostile {i}", "Content-Type: text/html; charset=utf-8\r\n\r\n" + body.Replace("{F}", f, StringComparison.Ordinal))).ToList();
        var n = mails.Count;
        mails.Add(Message(n++, "Quoted-printable", "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "=3Cscript=3Ealert(1)=3C/script=3E=3Cimg src=3Dx onerror=3Dalert(1)=3E=3Cimg src=3D\"" + f + "/dot.png\"=3E"));
        mails.Add(Message(n++, "Base64", "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(Encoding.UTF8.GetBytes("<svg/onload=alert(1)><img src=x onerror=alert(2)><a href=javascript:alert(3)>x</a>"), Base64FormattingOptions.InsertLineBreaks)));
        mails.Add(Message(n++, "UTF-7", "Content-Type: text/html; charset=utf-7\r\n\r\n+ADw-script+AD4-alert(1)+ADw-/script+AD4-+ADw-img src+AD0-x onerror+AD0-alert(1)+AD4-"));
        mails.Add(Message(n++, "Odd charset", "Content-Type: text/html; charset=\"\\\"><script>alert(1)</script>\"\r\n\r\n<p>Hi <img src=x onerror=alert(1)></p>"));
        mails.Add(Message(n++, "Text with markup", "Content-Type: text/plain; charset=utf-8\r\n\r\n<script>alert(1)</script><img src=x onerror=alert(1)>"));
        mails.Add(Message(n++, "<script>alert('subject')</script>", "Content-Type: text/plain; charset=utf-8\r\n\r\nHi", from: "\"<img src=x onerror=alert(1)>\" <attacker@evil.example>"));
        mails.Add(Message(n++, "Alternative", Multipart("alternative",
            "Content-Type: text/plain; charset=utf-8\r\n\r\n<b onmouseover=alert(1)>plain</b>",
            "Content-Type: text/html; charset=utf-8\r\n\r\n<p onmouseover=alert(1)>html</p><img src=\"" + f + "/dot.png\">")));
        mails.Add(Message(n++, "Related parts", Multipart("related",
            "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Logo <img src=\"cid:logo@evil.example\"> and <img src=\"cid:svg@evil.example\"> and <img src=\"cid:fake@evil.example\"></p>",
            "Content-Type: image/png\r\nContent-ID: <logo@evil.example>\r\nContent-Disposition: inline; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Convert.ToBase64String(ContactCenter.Testing.ImageOrigin.Png),
            "Content-Type: image/svg+xml\r\nContent-ID: <svg@evil.example>\r\nContent-Disposition: inline; filename=\"<svg onload=alert(1)>.svg\"\r\n\r\n"
                + ContactCenter.Testing.ImageOrigin.Svg,
            "Content-Type: image/png\r\nContent-ID: <fake@evil.example>\r\nContent-Disposition: inline; filename=\"fake.png\"\r\n\r\n" + ContactCenter.Testing.ImageOrigin.Svg)));
        mails.Add(Message(n++, "Attachments named like markup", Multipart("mixed",
            "Content-Type: text/plain; charset=utf-8\r\n\r\nSee the attachments.",
            "Content-Type: text/html\r\nContent-Disposition: attachment; filename=\"\\\"><img src=x onerror=alert(1)>.html\"\r\n\r\n<script>alert(1)</script>",
            "Content-Type: image/svg+xml\r\nContent-Disposition: attachment; filename*=UTF-8''%3Csvg%20onload%3Dalert(1)%3E.svg\r\n\r\n" + ContactCenter.Testing.ImageOrigin.Svg,
            "Content-Type: image/png\r\nContent-Disposition: attachment; filename=\"<script>alert(1)</script>.png\"\r\n\r\n" + ContactCenter.Testing.ImageOrigin.Svg,
            "Content-Type: image/png\r\nContent-Disposition: attachment; filename=\"photo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Convert.ToBase64String(ContactCenter.Testing.ImageOrigin.Png))));
        return mails;
    }

    private static byte[] Message(int number, string subject, string entity, string from = "Mallory <mallory@evil.example>") => Encoding.UTF8.GetBytes(
        $"From: {from}\r\nTo: support@tenant.example\r\nSubject: {subject}\r\nMessage-ID: <hostile-{number}-{Guid.NewGuid():N}@evil.example>\r\n"
        + $"Date: Mon, 2 Nov 2026 09:{number % 60:00}:00 +0000\r\nMIME-Version: 1.0\r\n{entity}\r\n");

    private static string Multipart(string subtype, params string[] parts)
    {
        var boundary = "b-" + Guid.NewGuid().ToString("N");
        return $"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\r\n\r\n"
            + string.Concat(parts.Select(p => $"--{boundary}\r\n{p}\r\n")) + $"--{boundary}--";
    }
}
