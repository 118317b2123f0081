using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class ContentTypeShould
{
    [Fact]
    public void ReadTypeAndParameters()
    {
        var type = ContentType.Parse("Text/HTML; charset=\"ISO-8859-1\" (comment); format=flowed")!;

        Assert.Equal("text/html", type.MimeType);
        Assert.Equal("ISO-8859-1", type.Charset);
        Assert.Equal("flowed", type.Parameter("FORMAT"));
    }

    [Theory]
    [InlineData("attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf", "Rechnung März.pdf")]
    [InlineData("attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt", "Grüße.txt")]
    [InlineData("attachment; filename*0=\"long \"; filename*1=\"name.txt\"", "long name.txt")]
    [InlineData("attachment; filename*1*=%C3%A4rz.pdf; filename*0*=utf-8''M", "März.pdf")]
    [InlineData("attachment; filename*0*=utf-8''%E6%97%A5; filename*1=\"x.doc\"", "日x.doc")]
    [InlineData("attachment; filename=\"plain.pdf\"; filename*=utf-8''better%20%C3%A9.pdf", "better é.pdf")]
    [InlineData("attachment; filename=\"=?utf-8?B?w4RyZ2VyLnBkZg==?=\"", "Ärger.pdf")]
    [InlineData("attachment; filename=unquoted name with spaces.pdf", "unquoted name with spaces.pdf")]
    [InlineData("attachment; filename=\"escaped \\\"quote\\\".txt\"", "escaped \"quote\".txt")]
    [InlineData("attachment;; filename=\"a.txt\";", "a.txt")]
    [InlineData("attachment; filename=\"unterminated.txt", "unterminated.txt")]
    public void DecodeFileNames(string header, string expected) => Assert.Equal(expected, ContentDisposition.Parse(header).FileName);

    [Theory]
    [InlineData("text")]
    [InlineData("text/")]
    public void ReadABareTextTypeAsTextPlain(string value) => Assert.Equal("text/plain", ContentType.Parse(value)!.MimeType);

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("/plain")]
    [InlineData("image/pn g")]
    public void RejectInvalidTypes(string value) => Assert.Null(ContentType.Parse(value));

    [Fact]
    public void ReportInvalidTypesAndReadThemAsTextPlain()
    {
        var message = Messages.Parse("Message-ID: <a@b>\r\nContent-Type: garbage\r\n\r\nbody");

        Assert.Equal("body", message.TextBody);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.InvalidHeader);
    }

    [Fact]
    public void IgnoreHostileContinuationNumbers()
    {
        var type = ContentDisposition.Parse("attachment; filename*0=a; filename*99999999999=b; filename*1=c");

        Assert.Equal("ac", type.FileName);
    }
}
