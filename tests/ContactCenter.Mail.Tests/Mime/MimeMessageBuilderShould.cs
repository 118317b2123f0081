using System.Text;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class MimeMessageBuilderShould
{
    private static MimeMessageBuilder Builder()
    {
        var builder = new MimeMessageBuilder("cc.example")
        {
            Subject = "Your request",
            TextBody = "Hello\nworld",
            Date = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1)),
        };
        builder.From.Add(new MailboxAddress("Support", "support@cc.example"));
        builder.To.Add(new MailboxAddress(null, "anna@example.com"));
        return builder;
    }

    [Fact]
    public void WriteATextMessageThatParsesBack()
    {
        var builder = Builder();

        var message = MimeMessage.Parse(builder.ToBytes());

        Assert.Equal("Your request", message.Subject);
        Assert.Equal("Hello\nworld", message.TextBody);
        Assert.Equal(builder.MessageId, message.MessageId);
        Assert.EndsWith("@cc.example", message.MessageId, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1)), message.Date);
        Assert.Equal(new MailboxAddress("Support", "support@cc.example"), Assert.Single(message.From));
        Assert.Empty(message.Errors);
    }

    [Fact]
    public void WriteAlternativeRelatedAndMixedParts()
    {
        var builder = Builder();
        builder.HtmlBody = "<p>Hello <img src=\"cid:logo@cc.example\"></p>";
        builder.AddInline("logo@cc.example", "logo.png", "image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47 });
        builder.AddAttachment("Rechnung März.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7"));

        var message = MimeMessage.Parse(builder.ToBytes());

        Assert.Equal("multipart/mixed", message.Body.ContentType.MimeType);
        Assert.Equal("multipart/related", message.Body.Children[0].ContentType.MimeType);
        Assert.Equal("Hello\nworld", message.TextBody);
        Assert.Equal("<p>Hello <img src=\"cid:logo@cc.example\"></p>", message.HtmlBody);
        Assert.Equal(2, message.Attachments.Count);
        var logo = message.Attachments[0];
        Assert.Equal("logo@cc.example", logo.ContentId);
        Assert.True(logo.IsInline);
        Assert.Equal(4, logo.Size);
        var pdf = message.Attachments[1];
        Assert.Equal("Rechnung März.pdf", pdf.FileName);
        Assert.False(pdf.IsInline);
        Assert.Equal("%PDF-1.7", Messages.Read(pdf.OpenRead()));
    }

    [Fact]
    public void EncodeNonAsciiHeadersAndKeepLinesShort()
    {
        var builder = Builder();
        builder.Subject = "Ärger mit der Lieferung — заказ 42 — 注文の問題について " + new string('x', 1500);
        builder.To.Add(new MailboxAddress("Jörg Müller, GmbH", "joerg@example.com"));
        builder.AddAttachment(new string('ü', 120) + ".txt", "text/plain", Encoding.UTF8.GetBytes("x"));

        var bytes = builder.ToBytes();
        var text = Encoding.UTF8.GetString(bytes);
        var message = MimeMessage.Parse(bytes);

        Assert.True(Ascii.IsValid(bytes));
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 998, $"line of {line.Length}"));
        var headerBlock = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.All(headerBlock.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.Equal(builder.Subject, message.Subject);
        Assert.Equal("Jörg Müller, GmbH", message.To[1].Name);
        Assert.Equal(new string('ü', 120) + ".txt", message.Attachments[0].FileName);
    }

    [Fact]
    public void SetReplyHeadersFromTheOriginal()
    {
        var original = Messages.Parse("Message-ID: <q3@customer.example>\r\nReferences: <q1@customer.example> <q2@cc.example>\r\n\r\nquestion");
        var builder = Builder().AnswerTo(original);

        var reply = MimeMessage.Parse(builder.ToBytes());

        Assert.Equal("q3@customer.example", reply.InReplyTo);
        Assert.Equal(["q1@customer.example", "q2@cc.example", "q3@customer.example"], reply.References);
    }

    [Fact]
    public void CarryATokenInGeneratedMessageIds()
    {
        var id = MimeMessageBuilder.CreateMessageId("cc.example", "req-4711");

        Assert.Matches("^req-4711\\.[0-9a-f]{24}@cc\\.example$", id);
    }

    [Theory]
    [InlineData("Subject\r\nBcc: victim@example.com")]
    [InlineData("line\nbreak")]
    public void RefuseLineBreaksInHeaderValues(string value)
    {
        var builder = Builder();
        builder.Subject = value;

        Assert.Throws<ArgumentException>(() => builder.ToBytes());
        Assert.Throws<ArgumentException>(() => Builder().AddHeader("X-Test", value));
    }

    [Fact]
    public void RefuseLineBreaksInAddresses()
    {
        var builder = Builder();
        builder.To.Add(new MailboxAddress("Eve\r\nBcc: x@y", "eve@example.com"));

        Assert.Throws<ArgumentException>(() => builder.ToBytes());
    }

    [Fact]
    public void WriteIdnDomainsAsALabels()
    {
        var builder = Builder();
        builder.To.Clear();
        builder.To.Add(new MailboxAddress(null, "info@müller.example"));

        var message = MimeMessage.Parse(builder.ToBytes());

        Assert.Equal("info@xn--mller-kva.example", Assert.Single(message.To).Address);
    }

    [Fact]
    public void QuoteLongNonAsciiBodiesAsQuotedPrintable()
    {
        var builder = Builder();
        builder.TextBody = "Grüße " + new string('a', 2000) + " = Ende  \nzweite Zeile\t";

        var bytes = builder.ToBytes();
        var message = MimeMessage.Parse(bytes);

        Assert.Contains("Content-Transfer-Encoding: quoted-printable", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        Assert.All(Encoding.ASCII.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.Equal(builder.TextBody, message.TextBody);
    }
}
