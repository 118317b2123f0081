using System.Text;
using System.Text.Json;
using ContactCenter.Mail.Messages;
using ContactCenter.Server.Tools;

namespace ContactCenter.Server.Tests.Tools;

public sealed class MailCommandShould : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cc-mail-inspect-" + Guid.NewGuid().ToString("N"));

    public MailCommandShould() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PrintTheMessageAsJson()
    {
        var path = Write("reply.eml", """
            Message-ID: <reply-1@customer.example>
            In-Reply-To: <req-4711.abc@cc.example>
            References: <first@customer.example> <req-4711.abc@cc.example>
            Date: Tue, 1 Dec 2026 10:15:30 +0100
            From: =?utf-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@customer.example>
            To: Support <support@cc.example>, team@cc.example
            Cc: "Berg, Anna" <anna@customer.example>
            Reply-To: joerg.private@customer.example
            Subject: =?utf-8?Q?Re:_Gr=C3=BC=C3=9Fe?=
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: multipart/alternative; boundary="a"

            --a
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Danke f=C3=BCr die Antwort.
            --a
            Content-Type: text/html; charset=utf-8

            <p>Danke f&uuml;r die Antwort.</p>
            --a--
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjcK
            --b--
            """);
        var (code, output, error) = await RunAsync("inspect", path);

        Assert.Equal(0, code);
        Assert.Empty(error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(
            ["messageId", "subject", "from", "to", "cc", "replyTo", "date", "inReplyTo", "references", "text", "html", "attachments", "errors"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("reply-1@customer.example", root.GetProperty("messageId").GetString());
        Assert.Equal("Re: Grüße", root.GetProperty("subject").GetString());
        Assert.Equal("Jörg Müller", root.GetProperty("from")[0].GetProperty("name").GetString());
        Assert.Equal("joerg@customer.example", root.GetProperty("from")[0].GetProperty("address").GetString());
        Assert.Equal(["support@cc.example", "team@cc.example"], root.GetProperty("to").EnumerateArray().Select(a => a.GetProperty("address").GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("to")[1].GetProperty("name").ValueKind);
        Assert.Equal("Berg, Anna", root.GetProperty("cc")[0].GetProperty("name").GetString());
        Assert.Equal("joerg.private@customer.example", root.GetProperty("replyTo")[0].GetProperty("address").GetString());
        Assert.Equal("2026-12-01T10:15:30+01:00", root.GetProperty("date").GetString());
        Assert.Equal("req-4711.abc@cc.example", root.GetProperty("inReplyTo").GetString());
        Assert.Equal(["first@customer.example", "req-4711.abc@cc.example"], root.GetProperty("references").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Danke für die Antwort.", root.GetProperty("text").GetString());
        Assert.Equal("<p>Danke f&uuml;r die Antwort.</p>", root.GetProperty("html").GetString());
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("Rechnung März.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
        Assert.Equal(9, attachment.GetProperty("size").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task ReportProblemsAndNullsForBrokenMail()
    {
        var path = Write("broken.eml", "From: not an address\r\nDate: someday\r\nContent-Type: text/html\r\n\r\n<p>Only&nbsp;HTML</p>");

        var (code, output, _) = await RunAsync("inspect", path);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("messageId").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("date").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("inReplyTo").ValueKind);
        Assert.Equal(0, root.GetProperty("from").GetArrayLength());
        Assert.Equal("Only\u00a0HTML", root.GetProperty("text").GetString());
        Assert.Equal("<p>Only&nbsp;HTML</p>", root.GetProperty("html").GetString());
        var errors = root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains("Message-ID", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Date", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("not an address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrintWhatCouldBeReadFromAMessageOverALimit()
    {
        var text = new StringBuilder("Message-ID: <deep@x>\r\nSubject: too deep\r\n");
        for (var i = 0; i < 50; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Type: multipart/mixed; boundary=n{i}\r\n\r\n--n{i}\r\n");
        }

        var path = Write("deep.eml", text.Append("\r\nlost\r\n").ToString());

        var (code, output, _) = await RunAsync("inspect", path);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("too deep", json.RootElement.GetProperty("subject").GetString());
        Assert.Contains(
            json.RootElement.GetProperty("errors").EnumerateArray(),
            e => e.GetString()!.Contains("limit exceeded", StringComparison.Ordinal) && e.GetString()!.Contains(MimeLimits.Default.MaxNestingDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailWithAMessageWhenTheFileCannotBeRead()
    {
        var missing = Path.Combine(_folder, "missing.eml");

        var (code, output, error) = await RunAsync("inspect", missing);
        var (folderCode, _, folderError) = await RunAsync("inspect", _folder);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
        Assert.Contains("missing.eml", error, StringComparison.Ordinal);
        Assert.Equal(1, folderCode);
        Assert.Contains("cannot read", folderError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("inspect")]
    [InlineData("show", "x.eml")]
    [InlineData("inspect", "a.eml", "b.eml")]
    public async Task ShowUsageForWrongArguments(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("usage: mail inspect", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BeReachableFromTheServerCommandLine()
    {
        Assert.True(CommandLine.IsStandaloneCommand(["mail", "inspect", "x.eml"]));
        Assert.False(CommandLine.IsCommand(["mail", "inspect", "x.eml"]));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\r\n"), new UTF8Encoding(false));
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MailCommand.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
