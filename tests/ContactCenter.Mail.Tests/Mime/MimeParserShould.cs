using System.Text;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class MimeParserShould
{
    [Fact]
    public void ReadHeadersAndPlainBody()
    {
        var message = Messages.Parse("""
            From: Anna Berg <anna@example.com>
            To: support@contactcenter.example
            Subject: Printer broken
            Message-ID: <abc@example.com>
            Date: Tue, 1 Dec 2026 10:15:30 +0100

            Hello,
            the printer is broken.
            """);

        Assert.Equal("Printer broken", message.Subject);
        Assert.Equal("abc@example.com", message.MessageId);
        Assert.Equal(new MailboxAddress("Anna Berg", "anna@example.com"), Assert.Single(message.From));
        Assert.Equal("support@contactcenter.example", Assert.Single(message.To).Address);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 15, 30, TimeSpan.FromHours(1)), message.Date);
        Assert.Equal("Hello,\nthe printer is broken.", message.TextBody);
        Assert.Null(message.HtmlBody);
        Assert.Empty(message.Attachments);
        Assert.Empty(message.Errors);
    }

    [Fact]
    public void UnfoldHeadersAndKeepDuplicatesInOrder()
    {
        var message = Messages.Parse("Received: from a\r\n\tby b;\r\n   Tue, 1 Dec 2026\r\nReceived: from c\r\nSubject: folded\r\n subject\r\nMessage-ID: <x@y>\r\n\r\nbody");

        var received = message.Headers.FindAll("received").ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal("from a\tby b;   Tue, 1 Dec 2026", received[0].Value);
        Assert.Equal("from c", received[1].Value);
        Assert.Equal("folded subject", message.Subject);
        Assert.Equal(" from a\r\n\tby b;\r\n   Tue, 1 Dec 2026", Encoding.ASCII.GetString(received[0].RawValue.Span));
    }

    [Fact]
    public void AcceptObsoleteWhitespaceBeforeColonAndBareLineFeeds()
    {
        var message = MimeMessage.Parse(Encoding.ASCII.GetBytes("Subject : spaced\nMessage-ID: <a@b>\n\nline1\nline2"));

        Assert.Equal("spaced", message.Subject);
        Assert.Equal("line1\nline2", message.TextBody);
    }

    [Fact]
    public void ReadMultipartAlternativeWithAttachment()
    {
        var message = Messages.Parse("""
            Message-ID: <m@x>
            Content-Type: multipart/mixed; boundary="outer"

            This is the preamble.
            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=utf-8

            Plain text
            --inner
            Content-Type: text/html; charset=utf-8

            <p>HTML</p>
            --inner--
            --outer
            Content-Type: application/pdf; name="invoice.pdf"
            Content-Disposition: attachment; filename="invoice.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer--
            This is the epilogue.
            """);

        Assert.Equal("Plain text", message.TextBody);
        Assert.Equal("<p>HTML</p>", message.HtmlBody);
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal("invoice.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal(9, attachment.Size);
        using var content = attachment.OpenRead();
        Assert.Equal("%PDF-1.4\n", Messages.Read(content));
        Assert.Empty(message.Errors);
    }

    [Fact]
    public void IgnoreBoundaryTextInsideALine()
    {
        var message = Messages.Parse("""
            Message-ID: <m@x>
            Content-Type: multipart/mixed; boundary="b"

            --b

            The separator looks like --b but is inside a line.
            --b-- is not the end either, it is followed by text
            --b--
            """);

        var part = Assert.Single(message.Body.Children);
        Assert.Equal("The separator looks like --b but is inside a line.\n--b-- is not the end either, it is followed by text", part.GetText());
    }

    [Fact]
    public void EndTheLastPartAtTheEndWhenTheClosingBoundaryIsMissing()
    {
        var message = Messages.Parse("""
            Message-ID: <m@x>
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            first
            --b
            Content-Type: text/plain; name=second.txt

            second
            """);

        Assert.Equal(2, message.Body.Children.Count);
        Assert.Equal("first", message.TextBody);
        Assert.Equal("second", message.Body.Children[1].GetText());
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.InvalidMultipart);
    }

    [Fact]
    public void ParseEmbeddedMessages()
    {
        var message = Messages.Parse("""
            Message-ID: <outer@x>
            Subject: Fwd: hello
            Content-Type: multipart/mixed; boundary=b

            --b

            See below.
            --b
            Content-Type: message/rfc822

            Message-ID: <inner@x>
            Subject: hello
            From: bob@example.com

            inner body
            --b--
            """);

        Assert.Equal("See below.", message.TextBody);
        var forwarded = Assert.Single(message.Attachments);
        Assert.Equal("message/rfc822", forwarded.ContentType);
        var inner = forwarded.Entity.EmbeddedMessage;
        Assert.NotNull(inner);
        Assert.Equal("hello", inner.Subject);
        Assert.Equal("inner body", inner.TextBody);
        Assert.Equal("bob@example.com", Assert.Single(inner.From).Address);
    }

    [Fact]
    public void ReportAMissingMessageIdWithoutInventingOne()
    {
        var message = Messages.Parse("Subject: x\r\n\r\nbody");

        Assert.Null(message.MessageId);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.MissingMessageId);
    }

    [Fact]
    public void ParseIdLists()
    {
        var message = Messages.Parse("Message-ID: <a@x>\r\nIn-Reply-To: Your message of Monday <b@x>\r\nReferences: <c@x>\r\n <d@x> (comment)\r\n\r\n");

        Assert.Equal("b@x", message.InReplyTo);
        Assert.Equal(["c@x", "d@x"], message.References);
    }

    [Fact]
    public void SkipAnMboxFromLine()
    {
        var message = Messages.Parse("From anna@example.com Tue Dec  1 10:00:00 2026\r\nSubject: mbox\r\nMessage-ID: <a@b>\r\n\r\nbody");

        Assert.Equal("mbox", message.Subject);
        Assert.Equal("body", message.TextBody);
    }

    [Fact]
    public async Task LoadFromAStreamAsync()
    {
        await using var stream = new MemoryStream(Messages.Bytes("Subject: streamed\r\nMessage-ID: <a@b>\r\n\r\nbody"));

        var message = await MimeMessage.LoadAsync(stream, cancellationToken: CancellationToken.None);

        Assert.Equal("streamed", message.Subject);
    }
}
