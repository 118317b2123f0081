using System.Text;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Mime;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Pop3;
using ContactCenter.Mail.Smtp;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.EndToEnd;

/// <summary>
/// The whole loop on real servers: our SMTP client submits to Postfix, Postfix delivers over LMTP into Dovecot, our
/// IMAP and POP3 clients fetch it back. What arrives must be exactly what was sent, after the trace headers the
/// servers put in front. Bob's per-test folders (bob+tag) serve IMAP; carol's maildrop serves POP3 and belongs to
/// this class.
/// </summary>
public sealed class MailLoopShould
{
    private static MailServices Services => MailServices.Current;

    public static TheoryData<string> Cases => ["ascii", "umlauts", "cyrillic", "japanese", "inline-image", "attachment-20mb"];

    private static TestMessages.Built Build(string name, string to)
    {
        const string From = "frank@cc.test";
        return name switch
        {
            "ascii" => TestMessages.Text(From, to, "Plain ASCII", "Hello,\r\n.a line starting with a dot\r\n\r\nRegards\r\n"),
            "umlauts" => TestMessages.Text(From, to, "Grüße aus Köln – Straße", "Sehr geehrte Frau Müller,\r\nÄÖÜ äöü ß €\r\n"),
            "cyrillic" => TestMessages.Text(From, to, "Привет из Москвы", "Здравствуйте!\r\nСъешь же ещё этих мягких французских булок.\r\n"),
            "japanese" => TestMessages.Text(From, to, "日本語の件名です", "こんにちは。\r\nいろはにほへと ちりぬるを\r\n"),
            "inline-image" => TestMessages.WithInlineImage(From, to, "Logo inline", "<p>Unser Logo: <img src=\"cid:logo@cc.test\"></p>", TestMessages.Png(), "logo@cc.test"),
            "attachment-20mb" => TestMessages.WithAttachment(From, to, "Großer Anhang", "Anbei die Datei.", TestMessages.Random(20 * 1024 * 1024, 42), "daten.bin", "application/octet-stream"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task DeliverWhatWasSentToImapAndPop3(string name)
    {
        string tag = "loop" + Guid.NewGuid().ToString("N")[..10];
        string imapRecipient = $"bob+{tag}@cc.test";
        var message = Build(name, imapRecipient);

        await using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(Services.Options(Services.SubmissionPort, MailSecurity.StartTls));
            await smtp.AuthenticateAsync(MailServices.Credentials("frank"));
            var result = await smtp.SendAsync("frank@cc.test", [imapRecipient, "carol@cc.test"], new MemoryStream(message.Bytes));
            Assert.All(result.Recipients, r => Assert.True(r.Accepted, r.Response.ToString()));
            await smtp.QuitAsync();
        }

        await Maildir.WaitForMessagesAsync(Services.MaildirOf("bob", tag), 1, TimeSpan.FromSeconds(60));
        byte[] viaImap;
        await using (var imap = new ImapClient())
        {
            await imap.ConnectAsync(Services.Options(Services.ImapsPort, MailSecurity.ImplicitTls));
            await imap.AuthenticateAsync(MailServices.Credentials("bob"));
            await imap.SelectAsync(tag);
            var uids = await imap.UidSearchHeaderAsync("Message-ID", message.MessageId);
            viaImap = Assert.Single(await imap.UidFetchAsync(uids, ImapFetchItems.All)).Body!;
            await imap.CloseMailboxAsync();
            await imap.DeleteMailboxAsync(tag);
            await imap.LogoutAsync();
        }

        byte[] viaPop3 = await TakeFromCarolAsync(message.MessageId);

        AssertArrivedIntact(message, viaImap);
        AssertArrivedIntact(message, viaPop3);
        AssertParsesAsSent(name, message, imapRecipient, viaImap);
        AssertParsesAsSent(name, message, imapRecipient, viaPop3);
    }

    /// <summary>Parsed with our MIME parser, the received message says what was sent: headers, bodies, attachments.</summary>
    private static void AssertParsesAsSent(string name, TestMessages.Built sent, string recipient, byte[] received)
    {
        var parsed = MimeMessage.Parse(received);

        Assert.Empty(parsed.Errors);
        Assert.Equal(sent.MessageId, parsed.MessageId);
        Assert.Equal(sent.Subject, parsed.Subject);
        Assert.Equal(new MailboxAddress("Frank Sender", "frank@cc.test"), Assert.Single(parsed.From));
        Assert.Equal(recipient, Assert.Single(parsed.To).Address);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.FromHours(1)), parsed.Date);
        switch (name)
        {
            case "inline-image":
                Assert.Equal(sent.Text, parsed.HtmlBody);
                var image = Assert.Single(parsed.Attachments);
                Assert.True(image.IsInline);
                Assert.Equal("logo@cc.test", image.ContentId);
                Assert.Equal("image/png", image.ContentType);
                Assert.Equal(sent.Attachment, image.Entity.GetContentBytes());
                break;
            case "attachment-20mb":
                Assert.Equal(sent.Text, parsed.TextBody);
                var attachment = Assert.Single(parsed.Attachments);
                Assert.Equal(sent.AttachmentName, attachment.FileName);
                Assert.Equal(sent.Attachment!.Length, attachment.Size);
                using (var content = attachment.OpenRead())
                using (var copy = new MemoryStream())
                {
                    content.CopyTo(copy);
                    Assert.Equal(sent.Attachment, copy.ToArray());
                }

                break;
            default:
                Assert.Equal(sent.Text.Replace("\r\n", "\n", StringComparison.Ordinal), parsed.TextBody);
                Assert.Null(parsed.HtmlBody);
                Assert.Empty(parsed.Attachments);
                break;
        }
    }

    private static void AssertArrivedIntact(TestMessages.Built sent, byte[] received)
    {
        // Byte for byte: everything we sent comes after the Return-Path/Received headers the servers add.
        Assert.True(received.AsSpan().EndsWith(sent.Bytes), $"The received message ({received.Length} bytes) does not end with the {sent.Bytes.Length} bytes sent.");
        string head = Encoding.UTF8.GetString(received, 0, received.Length - sent.Bytes.Length);
        Assert.Contains("Received: ", head, StringComparison.Ordinal);
        if (sent.Attachment is not null)
        {
            Assert.Equal(sent.Attachment, TestMessages.ExtractBase64Part(received, sent.AttachmentName!));
        }
    }

    /// <summary>Finds the message in carol's maildrop by Message-ID, reads it and deletes it.</summary>
    private static async Task<byte[]> TakeFromCarolAsync(string messageId)
    {
        await Maildir.WaitForMessagesAsync(Services.MaildirOf("carol"), 1, TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var pop = new Pop3Client();
            await pop.ConnectAsync(Services.Options(Services.Pop3Port, MailSecurity.StartTls));
            await pop.AuthenticateAsync(MailServices.Credentials("carol"));
            foreach (var info in await pop.ListAsync())
            {
                var header = Encoding.UTF8.GetString(await pop.TopAsync(info.Number, 0));
                if (header.Contains($"<{messageId}>", StringComparison.Ordinal))
                {
                    using var body = new MemoryStream();
                    long length = await pop.RetrieveAsync(info.Number, body);
                    Assert.Equal(info.Size, length);
                    await pop.DeleteAsync(info.Number);
                    await pop.QuitAsync();
                    return body.ToArray();
                }
            }

            await pop.QuitAsync();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Message <{messageId}> never reached carol's maildrop.");
            }

            await Task.Delay(100);
        }
    }
}
