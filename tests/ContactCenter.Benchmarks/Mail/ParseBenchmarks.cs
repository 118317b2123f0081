using System.Text;
using BenchmarkDotNet.Attributes;
using ContactCenter.Mail.Messages;
using MimeKit;

namespace ContactCenter.Benchmarks.Mail;

/// <summary>
/// MIME parse throughput of <see cref="MessageReader"/> (our limit scan, MimeKit's parser and our tolerant field
/// reading): a headers-only message (a typical delivered header block with Received, DKIM and ARC
/// fields, one-line body), a typical multipart reply (text + HTML alternative, 30 KB PDF), and a message with a
/// 20 MB attachment. Each benchmark loads the message from a stream and touches what an ingest reads: ids,
/// addresses, subject, date, bodies and attachment sizes. The 20 MB case also has a variant that decodes the whole
/// attachment. Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- --filter *ParseBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ParseBenchmarks
{
    private byte[] _headersOnly = null!;
    private byte[] _reply = null!;
    private byte[] _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        _headersOnly = HeadersOnly();
        _reply = Reply();
        _large = WithAttachment(20 * 1024 * 1024);
        Console.WriteLine($"// sizes: headers-only {_headersOnly.Length} B, reply {_reply.Length} B, large {_large.Length} B");
    }

    [Benchmark]
    public int HeadersOnlyMessage() => Touch(Load(_headersOnly));

    [Benchmark]
    public int MultipartReplyWithSmallAttachment() => Touch(Load(_reply));

    [Benchmark]
    public int TwentyMegabyteAttachment() => Touch(Load(_large));

    /// <summary>MimeKit alone, for the cost of our layer: the headers-only message, only <c>MimeMessage.Load</c>.</summary>
    [Benchmark]
    public int HeadersOnlyMessageMimeKitOnly()
    {
        using var stream = new MemoryStream(_headersOnly, writable: false);
        return MimeMessage.Load(stream).Subject?.Length ?? 0;
    }

    /// <summary>MimeKit alone, for the cost of our layer: the same 20 MB message, only <c>MimeMessage.Load</c>.</summary>
    [Benchmark]
    public int TwentyMegabyteAttachmentMimeKitOnly()
    {
        using var stream = new MemoryStream(_large, writable: false);
        return MimeMessage.Load(stream).Attachments.Count();
    }

    [Benchmark]
    public long TwentyMegabyteAttachmentDecoded()
    {
        var message = Load(_large);
        using var content = message.Attachments[0].OpenRead();
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = content.Read(buffer)) > 0)
        {
            total += n;
        }

        return total;
    }

    private static ReceivedMessage Load(byte[] bytes) => MessageReader.Read(bytes);

    private static int Touch(ReceivedMessage message) =>
        (message.MessageId?.Length ?? 0) + (message.Subject?.Length ?? 0) + message.From.Count + message.To.Count + message.References.Count
        + (message.Date?.Second ?? 0) + (message.TextBody?.Length ?? 0) + (message.HtmlBody?.Length ?? 0) + (int)message.Attachments.Sum(a => a.Size);

    internal static byte[] HeadersOnly()
    {
        var text = new StringBuilder();
        for (var hop = 0; hop < 4; hop++)
        {
            text.Append("Received: from mx").Append(hop).Append(".relay.example (mx").Append(hop).Append(".relay.example [192.0.2.").Append(hop + 10)
                .Append("])\r\n\tby mail.cc.example (Postfix) with ESMTPS id 4F2B1C0A").Append(hop).Append("\r\n\tfor <support@cc.example>; Tue, 1 Dec 2026 10:15:3")
                .Append(hop).Append(" +0100 (CET)\r\n");
        }

        text.Append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=customer.example; s=2026;\r\n\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n\tb=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR\r\n\t Ny8Ap1bM3oeMD6BJTLAJAdXpXpf0Zvo9/sNLxkx72XmeSMH5gdMhMcBvmNz/rHJpaLy\r\n");
        text.Append("Authentication-Results: mail.cc.example; dkim=pass header.d=customer.example; spf=pass smtp.mailfrom=customer.example\r\n");
        text.Append("Message-ID: <CAF=reply.4711.1701420930@mail.customer.example>\r\n");
        text.Append("In-Reply-To: <req-4711.9f8e7d6c5b4a@cc.example>\r\n");
        text.Append("References: <first.1700000000@mail.customer.example>\r\n <req-4711.9f8e7d6c5b4a@cc.example>\r\n");
        text.Append("Date: Tue, 1 Dec 2026 10:15:30 +0100\r\n");
        text.Append("From: =?utf-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg.mueller@customer.example>\r\n");
        text.Append("To: Support <support@cc.example>\r\n");
        text.Append("Cc: \"Berg, Anna\" <anna.berg@customer.example>, purchasing@customer.example\r\n");
        text.Append("Subject: =?utf-8?Q?Re:_Lieferung_versp=C3=A4tet_[#4711]?=\r\n");
        text.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n");
        text.Append("X-Mailer: Example Mail 7.1\r\nThread-Topic: Lieferung\r\nThread-Index: AQHZ1234567890abcdef==\r\n\r\nThanks, received.\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    internal static byte[] Reply()
    {
        var original = MessageReader.Read(HeadersOnly());
        var message = new MimeMessage
        {
            Subject = "Re: Lieferung verspätet [#4711]",
            Date = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.FromHours(1)),
            MessageId = "reply.4711@cc.example",
            InReplyTo = original.MessageId,
        };
        message.From.Add(new MailboxAddress("Support", "support@cc.example"));
        message.To.Add(new MailboxAddress("Jörg Müller", "joerg.mueller@customer.example"));
        foreach (var id in original.References.Append(original.MessageId!))
        {
            message.References.Add(id);
        }

        var body = new BodyBuilder
        {
            TextBody = string.Concat(Enumerable.Repeat("Sehr geehrter Herr Müller, vielen Dank für Ihre Nachricht. Die Lieferung ist unterwegs.\n", 20)),
            HtmlBody = "<html><body>" + string.Concat(Enumerable.Repeat("<p>Sehr geehrter Herr Müller, vielen Dank für Ihre Nachricht.</p>\n", 20)) + "</body></html>",
        };
        var pdf = new byte[30 * 1024];
        new Random(1).NextBytes(pdf);
        body.Attachments.Add("Lieferschein 4711.pdf", pdf, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return ToBytes(message);
    }

    internal static byte[] WithAttachment(int size)
    {
        var message = new MimeMessage { Subject = "large", Date = DateTimeOffset.UnixEpoch, MessageId = "large@cc.example" };
        message.From.Add(new MailboxAddress(string.Empty, "a@customer.example"));
        var content = new byte[size];
        new Random(2).NextBytes(content);
        var body = new BodyBuilder { TextBody = "see attachment" };
        body.Attachments.Add("archive.zip", content, new ContentType("application", "zip"));
        message.Body = body.ToMessageBody();
        return ToBytes(message);
    }

    private static byte[] ToBytes(MimeMessage message)
    {
        using var output = new MemoryStream();
        message.WriteTo(FormatOptions.Default, output);
        return output.ToArray();
    }
}
