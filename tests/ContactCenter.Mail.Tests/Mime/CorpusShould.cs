using System.Diagnostics;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

/// <summary>
/// The hostile corpus in TestData/Corpus: broken real-world forms, each with what must come out of it. Every file
/// is parsed leniently (limits reported, not thrown) and must finish quickly; then its own expectations are checked.
/// </summary>
public sealed class CorpusShould
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Corpus");

    private static readonly Dictionary<string, Action<MimeMessage>> Expectations = new()
    {
        ["01-plain-ascii"] = m =>
        {
            Assert.Equal("Hello", m.Subject);
            Assert.Equal("Hello world\n", m.TextBody);
            Assert.Empty(m.Errors);
        },
        ["02-no-headers"] = m =>
        {
            Assert.Empty(m.Headers);
            Assert.Equal("Just a body without any header.\n", m.TextBody);
            HasError(m, MimeErrorKind.MissingMessageId);
        },
        ["03-empty-file"] = m =>
        {
            Assert.Empty(m.Headers);
            Assert.Equal(string.Empty, m.TextBody);
            HasError(m, MimeErrorKind.MissingMessageId);
        },
        ["04-headers-only-no-separator"] = m =>
        {
            Assert.Equal("only headers", m.Subject);
            Assert.Equal(string.Empty, m.TextBody);
        },
        ["05-bare-lf-multipart"] = m =>
        {
            Assert.Equal("plain", m.TextBody);
            Assert.Equal("<b>html</b>", m.HtmlBody);
        },
        ["06-bare-cr"] = m =>
        {
            Assert.StartsWith("old mac", m.Subject, StringComparison.Ordinal);
            HasError(m, MimeErrorKind.MissingMessageId);
        },
        ["07-nul-in-headers"] = m => Assert.Equal("nul\0byte", m.Subject),
        ["08-nul-in-body"] = m => Assert.Equal("before\0after\n", m.TextBody),
        ["09-invalid-base64"] = m =>
        {
            Assert.Equal("Hallo Welt", m.TextBody);
            HasError(m, MimeErrorKind.InvalidEncoding);
        },
        ["10-base64-no-padding"] = m => Assert.Equal("Hallo", m.TextBody),
        ["11-base64-attachment-truncated"] = m =>
        {
            Assert.Equal("text", m.TextBody);
            Assert.Equal(6, Assert.Single(m.Attachments).Size);
        },
        ["12-qp-invalid-escapes"] = m => Assert.Equal("100% sure =XY =4\n", m.TextBody),
        ["13-qp-soft-breaks"] = m => Assert.Equal("Grüße aus Köln, schöne Grüße\n", m.TextBody),
        ["14-mixed-charsets"] = m =>
        {
            Assert.Equal("ПриветGrüße", m.Subject);
            Assert.Equal("Привет", m.TextBody);
            Assert.Equal(["Grüße", "日本語"], m.Attachments.Select(a => a.Entity.GetText()));
        },
        ["15-unknown-charset"] = m =>
        {
            Assert.Equal("readable anyway\n", m.TextBody);
            HasError(m, MimeErrorKind.UnknownCharset);
        },
        ["16-ascii-label-utf8-bytes"] = m => Assert.Equal("Zürich\n", m.TextBody),
        ["17-latin1-raw-header"] = m => Assert.Equal("Grüße aus Köln", m.Subject),
        ["18-utf8-raw-headers"] = m =>
        {
            Assert.Equal("Привет, 世界", m.Subject);
            Assert.Equal("Анна", Assert.Single(m.From).Name);
        },
        ["19-encoded-word-split-multibyte"] = m => Assert.Equal("日本語", m.Subject),
        ["20-malformed-encoded-words"] = m => Assert.Equal("=?utf-8?Q?broken =?utf-8?Z?x?= ok", m.Subject),
        ["21-rfc2231-filename"] = m =>
        {
            var pdf = Assert.Single(m.Attachments);
            Assert.Equal("Rechnung März 2026.pdf", pdf.FileName);
            Assert.Equal(4, pdf.Size);
        },
        ["22-rfc2231-continuations-out-of-order"] = m => Assert.Equal("Über lange part3.txt", Assert.Single(m.Attachments).FileName),
        ["23-rfc2047-filename-in-quotes"] = m =>
        {
            var photo = Assert.Single(m.Attachments);
            Assert.Equal("Фото.jpg", photo.FileName);
            Assert.Equal("image/jpeg", photo.ContentType);
        },
        ["24-multipart-without-boundary"] = m =>
        {
            Assert.Null(m.TextBody);
            Assert.Empty(m.Attachments);
            HasError(m, MimeErrorKind.InvalidMultipart);
        },
        ["25-missing-closing-boundary"] = m =>
        {
            Assert.Equal("first part", m.TextBody);
            Assert.Equal(4, Assert.Single(m.Attachments).Size);
            HasError(m, MimeErrorKind.InvalidMultipart);
        },
        ["26-boundary-in-body-text"] = m =>
        {
            Assert.Single(m.Body.Children);
            Assert.Equal("Write --sep to separate, or a line like\n--sep is not alone", m.TextBody);
        },
        ["27-boundary-prefix-nested"] = m =>
        {
            Assert.Equal("inner text", m.TextBody);
            Assert.Equal("<i>inner</i>", m.HtmlBody);
            Assert.Equal("x.gif", Assert.Single(m.Attachments).FileName);
        },
        ["28-preamble-epilogue"] = m =>
        {
            Assert.Equal("the body", m.TextBody);
            Assert.Single(m.Body.Children);
            Assert.Empty(m.Errors);
        },
        ["29-empty-part"] = m =>
        {
            Assert.Single(m.Body.Children);
            Assert.Equal(string.Empty, m.TextBody);
        },
        ["30-no-boundary-lines"] = m =>
        {
            Assert.Empty(m.Body.Children);
            HasError(m, MimeErrorKind.InvalidMultipart);
        },
        ["31-boundary-trailing-whitespace"] = m => Assert.Equal("padded", m.TextBody),
        ["32-quoted-boundary-with-spaces"] = m => Assert.Equal("spaced boundary", m.TextBody),
        ["33-message-rfc822"] = m =>
        {
            Assert.Equal("forwarded below", m.TextBody);
            var inner = Assert.Single(m.Attachments).Entity.EmbeddedMessage!;
            Assert.Equal("inner subject", inner.Subject);
            Assert.Equal("inner plain", inner.TextBody);
            Assert.Equal("<p>inner html</p>", inner.HtmlBody);
        },
        ["34-message-rfc822-base64"] = m =>
        {
            Assert.Equal("outer", m.TextBody);
            var attachment = Assert.Single(m.Attachments);
            Assert.Null(attachment.Entity.EmbeddedMessage);
            Assert.StartsWith("Subject: hidden", Messages.Read(attachment.OpenRead()), StringComparison.Ordinal);
        },
        ["35-multipart-digest"] = m =>
        {
            Assert.Null(m.TextBody);
            Assert.Equal(["first digest", "second digest"], m.Attachments.Select(a => a.Entity.EmbeddedMessage!.Subject));
        },
        ["36-header-without-colon"] = m =>
        {
            Assert.Equal("ok", m.Subject);
            Assert.Null(m.Headers["X-After"]);
            Assert.StartsWith("This line is not a header\nX-After: lost\n\nbody", m.TextBody, StringComparison.Ordinal);
            HasError(m, MimeErrorKind.InvalidHeader);
        },
        ["37-continuation-first-line"] = m =>
        {
            Assert.Equal("after", m.Subject);
            Assert.Equal("body\n", m.TextBody);
            HasError(m, MimeErrorKind.InvalidHeader);
        },
        ["38-very-long-header-line"] = m => Assert.Equal(100_000, m.Subject!.Length),
        ["39-duplicate-headers"] = m =>
        {
            Assert.Equal("first", m.Subject);
            Assert.Equal(["first", "second"], m.Headers.FindAll("Subject").Select(h => h.Value));
        },
        ["40-group-addresses"] = m =>
        {
            Assert.Equal([new MailboxAddress(null, "a@x.example") { Group = "Team" }, new MailboxAddress("B, Bee", "b@x.example") { Group = "Team" }], m.To);
            Assert.Equal(new MailboxAddress("C Person", "c@x.example"), Assert.Single(m.Cc));
        },
        ["41-broken-addresses"] = m =>
        {
            Assert.Empty(m.From);
            Assert.Equal(["john@example.com", "ok@example.com"], m.To.Select(a => a.Address));
            Assert.Empty(m.ReplyTo);
            Assert.Contains(m.Errors, e => e.Kind == MimeErrorKind.InvalidAddress && e.Message.StartsWith("Reply-To", StringComparison.Ordinal));
        },
        ["42-idn-addresses"] = m =>
        {
            Assert.Equal("info@xn--bcher-kva.example", Assert.Single(m.From).Address);
            Assert.Equal("bücher.example", Assert.Single(m.To).Domain);
        },
        ["43-utf8-local-part"] = m =>
        {
            Assert.Equal("用户", Assert.Single(m.From).LocalPart);
            Assert.Equal(new MailboxAddress("Jörg", "jörg@müller.example"), Assert.Single(m.To));
        },
        ["44-obsolete-route"] = m => Assert.Equal(new MailboxAddress("Anna", "anna@example.com"), Assert.Single(m.From)),
        ["45-date-two-digit-year"] = m => Assert.Equal(new DateTimeOffset(2005, 1, 3, 8, 0, 0, TimeSpan.FromHours(-5)), m.Date),
        ["46-date-named-zone-no-seconds"] = m => Assert.Equal(new DateTimeOffset(2024, 3, 15, 14, 30, 0, TimeSpan.FromHours(2)), m.Date),
        ["47-date-garbage"] = m =>
        {
            Assert.Null(m.Date);
            HasError(m, MimeErrorKind.InvalidDate);
        },
        ["48-missing-message-id"] = m =>
        {
            Assert.Null(m.MessageId);
            Assert.Equal("no id", m.Subject);
            HasError(m, MimeErrorKind.MissingMessageId);
        },
        ["49-message-id-without-brackets"] = m =>
        {
            Assert.Equal("bare-id@example.com", m.MessageId);
            Assert.Equal("parent@example.com", m.InReplyTo);
        },
        ["50-references-folded-with-comments"] = m =>
        {
            Assert.Equal(["r1@x", "r2@x", "r3@x"], m.References);
            Assert.Equal("r3@x", m.InReplyTo);
        },
        ["51-format-flowed"] = m => Assert.StartsWith("This paragraph is flowed over three lines.\n>> quoted flow\n", m.TextBody, StringComparison.Ordinal),
        ["52-html-only"] = m =>
        {
            Assert.Null(m.TextBody);
            Assert.Contains("<p>Only HTML</p>", m.HtmlBody, StringComparison.Ordinal);
        },
        ["53-alternative-html-first"] = m =>
        {
            Assert.Equal("plain second", m.TextBody);
            Assert.Equal("<p>html first</p>", m.HtmlBody);
        },
        ["54-inline-image-related"] = m =>
        {
            Assert.Equal("<img src=\"cid:logo@cc\">", m.HtmlBody);
            var image = Assert.Single(m.Attachments);
            Assert.Equal("logo@cc", image.ContentId);
            Assert.True(image.IsInline);
            Assert.Equal(8, image.Size);
        },
        ["55-attachment-without-disposition"] = m =>
        {
            var data = Assert.Single(m.Attachments);
            Assert.Equal("data.bin", data.FileName);
            Assert.Equal(3, data.Size);
        },
        ["56-text-attachment"] = m =>
        {
            Assert.Equal("the body", m.TextBody);
            Assert.Equal("the notes", Messages.Read(Assert.Single(m.Attachments).OpenRead()));
        },
        ["57-content-type-garbage"] = m =>
        {
            Assert.Equal("still text\n", m.TextBody);
            HasError(m, MimeErrorKind.InvalidHeader);
        },
        ["58-content-type-missing-subtype"] = m =>
        {
            Assert.Equal("text/plain", m.Body.ContentType.MimeType);
            Assert.Equal("bare text type\n", m.TextBody);
        },
        ["59-mbox-from-line"] = m => Assert.Equal("mbox", m.Subject),
        ["60-binary-transfer-encoding"] = m =>
        {
            Assert.Equal("text", m.TextBody);
            Assert.Equal(1000, Assert.Single(m.Attachments).Size);
        },
        ["61-utf7-body"] = m => Assert.Equal("Hi Mom -☺-!\n", m.TextBody),
        ["62-iso-2022-jp"] = m =>
        {
            Assert.Equal("日本", m.Subject);
            Assert.Equal("日本語\n", m.TextBody);
        },
        ["63-deep-nesting-40"] = m =>
        {
            Assert.Equal("deep", m.Subject);
            Assert.Contains(m.Errors, e => e.Kind == MimeErrorKind.LimitExceeded && e.Message.Contains("nesting", StringComparison.Ordinal));
        },
        ["64-whitespace-only-line-ends-headers"] = m =>
        {
            Assert.Equal("ws", m.Subject);
            Assert.Equal("body after spaces\n", m.TextBody);
        },
        ["65-lowercase-header-names"] = m =>
        {
            Assert.Equal("lc@x", m.MessageId);
            Assert.Equal("Zürich\n", m.TextBody);
        },
        ["66-tab-folded-encoded-words"] = m => Assert.Equal("Grüße aus Köln", m.Subject),
        ["67-binary-garbage"] = m => HasError(m, MimeErrorKind.MissingMessageId),
        ["68-header-name-with-8bit"] = m =>
        {
            Assert.Null(m.Headers["X-Later"]);
            Assert.StartsWith("Sübject: not a header", m.TextBody, StringComparison.Ordinal);
            HasError(m, MimeErrorKind.InvalidHeader);
        },
        ["69-crlf-inside-encoded-word"] = m => Assert.Equal("=?utf-8?Q?split _word?=", m.Subject),
        ["70-content-id-without-brackets"] = m =>
        {
            var image = Assert.Single(m.Attachments);
            Assert.Equal("img1", image.ContentId);
            Assert.True(image.IsInline);
        },
        ["71-double-transfer-encoding-header"] = m => Assert.Equal("Hi", m.TextBody),
        ["72-huge-line-body"] = m => Assert.Equal(200_001, m.TextBody!.Length),
        ["73-non-ascii-boundary"] = m => Assert.Equal("umlaut boundary", m.TextBody),
        ["74-8bit-in-qp"] = m => Assert.Equal("raw ü and ü\n", m.TextBody),
        ["75-utf8-bom"] = m =>
        {
            Assert.Equal("bom@x", m.MessageId);
            Assert.Equal("mit BOM ä", m.Subject);
        },
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadEveryCorpusMessageAsExpected(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name + ".eml"));
        var watch = Stopwatch.StartNew();

        var message = MimeMessage.Parse(bytes, Messages.Lenient);
        _ = message.Attachments.Sum(a => a.Size);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{name} took {watch.Elapsed}");
        Assert.True(Expectations.TryGetValue(name, out var expectation), $"no expectation for {name}");
        expectation(message);
    }

    [Fact]
    public void HoldAtLeastSixtySmallMessages()
    {
        var files = Directory.GetFiles(Folder, "*.eml");

        Assert.True(files.Length >= 60, $"{files.Length} corpus files");
        Assert.True(files.Sum(f => new FileInfo(f).Length) < 2 * 1024 * 1024);
        Assert.Equal(Expectations.Keys.Order(StringComparer.Ordinal), files.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ThrowTheTypedLimitErrorForDeepNestingByDefault()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "63-deep-nesting-40.eml"));

        var error = Assert.Throws<MimeLimitExceededException>(() => MimeMessage.Parse(bytes));

        Assert.Equal(MimeLimit.NestingDepth, error.Limit);
        Assert.Equal(32, error.LimitValue);
    }

    private static void HasError(MimeMessage message, MimeErrorKind kind) =>
        Assert.True(message.Errors.Any(e => e.Kind == kind), $"expected a {kind} error; got: {string.Join("; ", message.Errors)}");
}
