using System.Text.Json;
using ContactCenter.Server.Categories;
using ContactCenter.Server.Requests;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>What an agent's answer may be made of, its plain-text alternative, templates as HTML, and the recipients' forms.</summary>
public sealed class ReplyHtmlShould
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("<p>Hi <b>you</b></p><script>alert(1)</script>", "<p>Hi <b>you</b></p>")]
    [InlineData("<p onclick=\"x()\" style=\"color:red\" class=\"c\">Hi</p>", "<p>Hi</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">a</a><a href=\"https://ok.example/\">b</a>", "<a>a</a><a href=\"https://ok.example/\">b</a>")]
    [InlineData("<img src=\"https://tracker.example/x.gif\"><iframe src=\"https://x.example\"></iframe>Text", "Text")]
    [InlineData("<span style=\"font-weight:bold\">kept words</span> <font color=red>too</font>", "kept words too")]
    [InlineData("<form action=\"https://x.example\"><input name=a>Hi</form>", "Hi")]
    [InlineData("<blockquote><ul><li><i>one</i></li></ul></blockquote><ol><li><u>two</u></li></ol>", "<blockquote><ul><li><i>one</i></li></ul></blockquote><ol><li><u>two</u></li></ol>")]
    [InlineData("   ", "")]
    public void KeepOnlyWhatTheEditorProduces(string html, string expected) => Assert.Equal(expected, ReplyHtml.Sanitize(html));

    [Fact]
    public void WriteAPlainTextAlternative()
    {
        var text = ReplyHtml.ToText(
            "<p>Dear   Frank,<br>thank you.</p><div>Steps:</div><ol><li>open</li><li>close</li></ol><ul><li>a <b>b</b></li></ul>"
            + "<blockquote><p>Your question</p><p>second line</p></blockquote><p><a href=\"https://x.example/faq\">FAQ</a> <a href=\"mailto:help@x.example\">help@x.example</a></p>");

        Assert.Equal(
            "Dear Frank,\nthank you.\nSteps:\n\n1. open\n2. close\n\n- a b\n\n> Your question\n>\n> second line\n\nFAQ (https://x.example/faq) help@x.example",
            text);
    }

    [Fact]
    public void TurnTemplateTextIntoEncodedParagraphs() =>
        Assert.Equal("<p>Dear &lt;b&gt; &amp; Co,<br>line two</p><p>Regards</p>", ReplyHtml.FromText("Dear <b> & Co,\r\nline two\r\n\r\n\r\nRegards\n"));

    [Fact]
    public void FillKnownPlaceholdersAndLeaveOthers() =>
        Assert.Equal("Dear Frank, 7 {unknown} on .", Placeholders.Fill(
            "Dear {customer.name}, {request.number} {unknown} on {date}.",
            new Dictionary<string, string?> { ["customer.name"] = "Frank", ["request.number"] = "7" }));

    [Theory]
    [InlineData("\"a\"", new[] { "a" })]
    [InlineData("\"a@x.example, \\\"Doe, Jane\\\" <jane@x.example>; b@x.example\"", new[] { "a@x.example", "\"Doe, Jane\" <jane@x.example>", "b@x.example" })]
    [InlineData("[\"a@x.example\", \"b@x.example\"]", new[] { "a@x.example", "b@x.example" })]
    [InlineData("\"  \"", new string[0])]
    public void ReadRecipientsAsAStringOrAList(string json, string[] expected)
    {
        var input = JsonSerializer.Deserialize<ReplyInput>($"{{\"to\": {json}}}", Web)!;

        Assert.Equal(expected, input.To);
    }

    [Fact]
    public void RefuseRecipientsThatAreNeitherStringsNorLists() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReplyInput>("{\"to\": 5}", Web));
}
