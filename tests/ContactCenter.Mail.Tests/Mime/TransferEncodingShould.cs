using System.Text;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class TransferEncodingShould
{
    private static MimeEntity Body(string encoding, string body, string type = "text/plain; charset=utf-8") =>
        Messages.Parse($"Message-ID: <a@b>\r\nContent-Type: {type}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n{body}").Body;

    [Theory]
    [InlineData("SGFsbG8gV2VsdA==", "Hallo Welt")]
    [InlineData("SGFsbG8gV2VsdA", "Hallo Welt")]
    [InlineData("SGFs\r\nbG8g\r\nV2VsdA==\r\n", "Hallo Welt")]
    [InlineData("SGFs bG8g\tV2VsdA==", "Hallo Welt")]
    public void DecodeBase64(string body, string expected) => Assert.Equal(expected, Body("base64", body).GetText());

    [Fact]
    public void SkipJunkInBase64AndReportIt()
    {
        var message = Messages.Parse("Message-ID: <a@b>\r\nContent-Transfer-Encoding: base64\r\n\r\nSGFs!!bG8g*V2VsdA==");

        Assert.Equal("Hallo Welt", message.TextBody);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.InvalidEncoding);
    }

    [Theory]
    [InlineData("Gr=C3=BC=C3=9Fe", "Grüße")]
    [InlineData("soft=\r\nbreak", "softbreak")]
    [InlineData("trailing   \r\nspace", "trailing\nspace")]
    [InlineData("keep =ZZ and =4 and = alone", "keep =ZZ and =4 and = alone")]
    [InlineData("lower =c3=a4", "lower ä")]
    [InlineData("ends with =", "ends with ")]
    public void DecodeQuotedPrintable(string body, string expected) => Assert.Equal(expected, Body("quoted-printable", body).GetText());

    [Theory]
    [InlineData("7bit")]
    [InlineData("8bit")]
    [InlineData("binary")]
    [InlineData("x-unknown")]
    public void PassOtherEncodingsThrough(string encoding) => Assert.Equal("Grüße\nzwei", Body(encoding, "Grüße\r\nzwei").GetText());

    [Fact]
    public void UndoFormatFlowed()
    {
        var entity = Body("7bit", "This is a long \r\nparagraph that \r\nflows.\r\n> quoted \r\n> text\r\n Stuffed line\r\n-- \r\nSig", "text/plain; format=flowed");

        Assert.Equal("This is a long paragraph that flows.\n> quoted text\nStuffed line\n-- \nSig", entity.GetText());
    }

    [Fact]
    public void UndoFormatFlowedWithDelSp()
    {
        var entity = Body("7bit", "日本語の \r\n文章", "text/plain; charset=utf-8; format=flowed; delsp=yes");

        Assert.Equal("日本語の文章", entity.GetText());
    }

    [Fact]
    public void StreamLargeBase64AttachmentsAndCountTheirSize()
    {
        var content = new byte[3 * 1024 * 1024 + 7];
        new Random(42).NextBytes(content);
        var builder = new MimeMessageBuilder("cc.example") { TextBody = "see attachment" };
        builder.AddAttachment("data.bin", "application/octet-stream", content);

        var attachment = Assert.Single(MimeMessage.Parse(builder.ToBytes()).Attachments);
        using var stream = attachment.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy, 1000);

        Assert.Equal(content.Length, attachment.Size);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public void DecodeQuotedPrintableAttachments()
    {
        var message = Messages.Parse("Message-ID: <a@b>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\ntext\r\n--b\r\nContent-Type: application/octet-stream; name=x.bin\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=00=01=\r\n=02\r\n--b--");

        var attachment = Assert.Single(message.Attachments);
        Assert.Equal(3, attachment.Size);
        using var stream = attachment.OpenRead();
        var buffer = new byte[10];
        Assert.Equal(3, stream.Read(buffer));
        Assert.Equal(new byte[] { 0, 1, 2 }, buffer[..3]);
        Assert.Equal("text", message.TextBody);
        Assert.True(Encoding.ASCII.GetByteCount(message.TextBody!) > 0);
    }
}
