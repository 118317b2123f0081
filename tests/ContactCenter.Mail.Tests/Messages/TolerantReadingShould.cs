using System.Text;
using ContactCenter.Mail.Messages;

namespace ContactCenter.Mail.Tests.Messages;

/// <summary>What our thin layer adds to MimeKit: charset fallbacks, unusual dates, unpadded or damaged base64, broken address lists.</summary>
public sealed class TolerantReadingShould
{
    private static ReceivedMessage Read(string text) => MessageReader.Read(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")));

    [Theory]
    [InlineData("Mon, 3 Jan 05 08:00 EST", "2005-01-03T08:00:00-05:00")]
    [InlineData("15 Mar 2024 14:30 MESZ (Mitteleuropaeische Sommerzeit)", "2024-03-15T14:30:00+02:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 CET", "2026-12-01T10:15:30+01:00")]
    [InlineData("2026-12-01T10:15:30+01:00", "2026-12-01T10:15:30+01:00")]
    public void ReadUnusualDateForms(string header, string expected)
    {
        var message = Read($"Message-ID: <d@x>\nDate: {header}\n\nbody\n");

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), message.Date);
        Assert.Empty(message.Problems);
    }

    [Fact]
    public void ReportADateThatCannotBeRead()
    {
        var message = Read("Message-ID: <d@x>\nDate: sometime last week\n\nbody\n");

        Assert.Null(message.Date);
        Assert.Equal("unreadable Date 'sometime last week'", Assert.Single(message.Problems).Message);
    }

    [Theory]
    [InlineData("SGFsbG8", "Hallo", false)]
    [InlineData("SGFsbG8gV2VsdA", "Hallo Welt", false)]
    [InlineData("SGFs!bG8g*V2VsdA==", "Hallo Welt", true)]
    public void DecodeUnpaddedAndDamagedBase64(string body, string expected, bool damaged)
    {
        var message = Read($"Message-ID: <b@x>\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n{body}\n");

        using var content = message.Attachments.Single().OpenRead();
        using var reader = new StreamReader(content);
        Assert.Equal(expected, reader.ReadToEnd());
        Assert.Equal(expected.Length, message.Attachments.Single().Size);
        Assert.Empty(message.Problems);
        var asText = Read($"Message-ID: <b@x>\nContent-Transfer-Encoding: base64\n\n{body}\n");
        Assert.Equal(expected, asText.TextBody);
        Assert.Equal(damaged, asText.Problems.Any(p => p.Kind == MessageProblemKind.InvalidEncoding));
    }

    [Fact]
    public void FallBackToWindows1252ForAnUnknownCharsetAndRawLatin1Headers()
    {
        var bytes = Encoding.Latin1.GetBytes("Message-ID: <c@x>\r\nSubject: Gr\u00fc\u00dfe aus K\u00f6ln\r\nContent-Type: text/plain; charset=x-does-not-exist\r\n\r\nZ\u00fcrich\r\n");

        var message = MessageReader.Read(bytes);

        Assert.Equal("Grüße aus Köln", message.Subject);
        Assert.Equal("Zürich\n", message.TextBody);
        Assert.Equal(MessageProblemKind.UnknownCharset, Assert.Single(message.Problems).Kind);
    }

    [Fact]
    public void KeepTheReadableAddressesOfABrokenList()
    {
        var message = Read("Message-ID: <a@x>\nTo: Doe, John <john@example.com>, @@@, ok@example.com\n\nbody\n");

        Assert.Equal(["john@example.com", "ok@example.com"], message.To.Select(a => a.Address));
        Assert.Equal(["To: not an address: 'Doe'", "To: not an address: '@@@'"], message.Problems.Select(p => p.Message));
    }

    [Fact]
    public void ReadAFileWithoutHeadersAsBody()
    {
        var message = MessageReader.Read("Just a body without any header.\n"u8.ToArray());

        Assert.Equal("Just a body without any header.\n", message.TextBody);
        Assert.Equal("no Message-ID header", Assert.Single(message.Problems).Message);
    }
}
