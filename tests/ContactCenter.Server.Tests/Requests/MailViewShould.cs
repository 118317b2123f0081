using ContactCenter.Server.Requests;
using ContactCenter.Testing;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The mail frame's HTML: inline images from the message's own raster parts, remote ones held back or proxied, nothing else loads.</summary>
public sealed class MailViewShould
{
    private static readonly Func<Uri, string> Proxy = url => "/mail-images/" + Uri.EscapeDataString(url.Host);

    [Fact]
    public void InlineACidImageOfTheMessageAsADataUrl()
    {
        var parts = new[] { new InlineImage("logo.1@example.com", "image/png", ImageOrigin.Png) };

        var view = MailView.Render(MailHtml.Sanitize("<p>Hi <img src=\"cid:logo.1@example.com\" alt=\"Logo\"></p>"), parts, null);

        Assert.Equal($"<p>Hi <img alt=\"Logo\" src=\"data:image/png;base64,{Convert.ToBase64String(ImageOrigin.Png)}\"></p>", view.Html);
        Assert.Equal(0, view.BlockedImages);
    }

    [Fact]
    public void MatchAnEscapedCidAndTakeTheTypeFromTheBytes()
    {
        var parts = new[] { new InlineImage("<a b@example.com>", "application/octet-stream", ImageOrigin.Png) };

        var view = MailView.Render("<img src=\"cid:a%20b@example.com\">", parts, null);

        Assert.Contains("src=\"data:image/png;base64,", view.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cid:unknown@example.com")]
    [InlineData("cid:svg@example.com")]
    [InlineData("cid:big@example.com")]
    [InlineData("images/logo.png")]
    [InlineData("//tracker.example/p.gif")]
    [InlineData("ftp://tracker.example/p.gif")]
    public void DropAnImageThatWouldLoadAnythingElse(string source)
    {
        var big = new byte[MailView.InlineImageMaxBytes + 1];
        ImageOrigin.Png.CopyTo(big, 0);
        var parts = new[]
        {
            new InlineImage("svg@example.com", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray()),
            new InlineImage("big@example.com", "image/png", big),
        };

        var view = MailView.Render($"<img src=\"{source}\" alt=\"x\">", parts, Proxy);

        Assert.Equal("<img alt=\"x\">", view.Html);
    }

    [Fact]
    public void HoldBackRemoteImagesAndCountThemUnlessLetThrough()
    {
        var html = MailHtml.Sanitize("<img src=\"https://tracker.example/p.gif\"><img src=\"http://cdn.example/logo.png\" alt=\"Logo\">"
            + "<img src=\"data:image/png;base64,iVBORw0KGgo=\">");

        var blocked = MailView.Render(html, [], null);
        var shown = MailView.Render(html, [], Proxy);

        Assert.Equal((2, 0), (blocked.BlockedImages, blocked.ProxiedImages));
        Assert.DoesNotContain("tracker.example", blocked.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.example", blocked.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", blocked.Html, StringComparison.Ordinal);
        Assert.Equal((0, 2), (shown.BlockedImages, shown.ProxiedImages));
        Assert.Contains("src=\"/mail-images/tracker.example\"", shown.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"/mail-images/cdn.example\"", shown.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepAbsoluteLinksOnlyAndDropRelativeOnes()
    {
        var view = MailView.Render(MailHtml.Sanitize("<a href=\"y\">a</a><a href=\"/t/other/admin\">b</a><a href=\"https://example.com/x\">c</a><a href=\"mailto:a@example.com\">d</a>"), [], null);

        Assert.Equal("<a>a</a><a>b</a><a href=\"https://example.com/x\">c</a><a href=\"mailto:a@example.com\">d</a>", view.Html);
    }

    [Fact]
    public void KeepTheStyleElementOfTheBody()
    {
        var view = MailView.Render(MailHtml.Sanitize("<style>p { color: blue }</style><p>Hi</p>"), [], null);

        Assert.StartsWith("<style>", view.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void MakePlainTextFromHtmlWithLinesForBlocksBreaksItemsAndRows()
    {
        var text = MailView.Text(MailHtml.Sanitize(
            "<style>p { color: red }</style><p>Dear   customer,</p><p>your order:<br>two <b>items</b></p><ul><li>Book</li><li>Pen</li></ul>"
            + "<table><tr><td>Total</td><td>12,00 €</td></tr></table><div>Regards</div>"));

        Assert.Equal("Dear customer,\n\nyour order:\ntwo items\n\n- Book\n- Pen\n\nTotal\t12,00 €\nRegards", text);
    }
}
