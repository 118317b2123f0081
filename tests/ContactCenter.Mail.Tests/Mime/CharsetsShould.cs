using System.Text;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class CharsetsShould
{
    [Theory]
    [InlineData("windows-1251", "CF F0 E8 E2 E5 F2", "Привет")]
    [InlineData("cp1251", "CF F0 E8 E2 E5 F2", "Привет")]
    [InlineData("windows-1252", "80 20 E4", "€ ä")]
    [InlineData("iso-8859-1", "E4 F6 FC", "äöü")]
    [InlineData("iso-8859-2", "A3 F3 64 BC", "Łódź")]
    [InlineData("iso-8859-15", "A4", "€")]
    [InlineData("koi8-r", "F0 D2 C9 D7 C5 D4", "Привет")]
    [InlineData("koi8-u", "F5 CB D2 C1 A7 CE C1", "Україна")]
    [InlineData("gb2312", "D6 D0 CE C4", "中文")]
    [InlineData("gbk", "D6 D0 CE C4", "中文")]
    [InlineData("gb18030", "D6 D0 CE C4", "中文")]
    [InlineData("big5", "A4 A4 A4 E5", "中文")]
    [InlineData("shift_jis", "93 FA 96 7B", "日本")]
    [InlineData("euc-jp", "C6 FC CB DC", "日本")]
    [InlineData("iso-2022-jp", "1B 24 42 46 7C 4B 5C 1B 28 42", "日本")]
    [InlineData("euc-kr", "C7 D1 B1 B9", "한국")]
    [InlineData("ks_c_5601-1987", "C7 D1 B1 B9", "한국")]
    [InlineData("utf-7", "48 69 20 2B 4A 6A 6F 2D 21", "Hi ☺!")]
    [InlineData("\"UTF-8\"", "C3 A4", "ä")]
    public void DecodeDeclaredCharsets(string charset, string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.Equal(expected, Charsets.Decode(bytes, charset, out var known));
        Assert.True(known);
    }

    [Theory]
    [InlineData("x-made-up")]
    [InlineData("")]
    [InlineData("unknown-8bit")]
    [InlineData("us-ascii")]
    public void FallBackToUtf8ThenWindows1252(string charset)
    {
        Assert.Equal("Grüße", Charsets.Decode("Grüße"u8, charset));
        Assert.Equal("Grüße", Charsets.Decode(Convert.FromHexString("4772FC DF65".Replace(" ", string.Empty, StringComparison.Ordinal)), charset));
    }

    [Fact]
    public void DecodeBodiesInTheirCharset()
    {
        var body = Encoding.ASCII.GetBytes("Message-ID: <a@b>\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Concat(Convert.FromHexString("F0D2C9D7C5D4")).ToArray();

        Assert.Equal("Привет", MimeMessage.Parse(body).TextBody);
    }

    [Fact]
    public void ReadRawEightBitHeadersAsUtf8OrWindows1252()
    {
        var utf8 = Encoding.UTF8.GetBytes("Message-ID: <a@b>\r\nSubject: Grüße\r\nFrom: Jörg <jörg@bücher.example>\r\n\r\n");
        var latin = Encoding.Latin1.GetBytes("Message-ID: <a@b>\r\nSubject: Grüße\r\n\r\n");

        var fromUtf8 = MimeMessage.Parse(utf8);
        Assert.Equal("Grüße", fromUtf8.Subject);
        Assert.Equal(new MailboxAddress("Jörg", "jörg@bücher.example"), Assert.Single(fromUtf8.From));
        Assert.Equal("Grüße", MimeMessage.Parse(latin).Subject);
    }

    [Fact]
    public void ReportUnknownBodyCharsets()
    {
        var message = Messages.Parse("Message-ID: <a@b>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla'");

        Assert.Equal("qapla'", message.TextBody);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.UnknownCharset);
    }
}
