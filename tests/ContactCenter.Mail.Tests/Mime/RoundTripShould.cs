using System.Text;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

/// <summary>
/// Property test: messages generated from a seeded <see cref="Random"/> (mixed scripts, awkward names and file
/// names, long lines, trailing spaces, binary attachments) are written and parsed back; every field must survive.
/// </summary>
public sealed class RoundTripShould
{
    private const int Cases = 300;

    private static readonly string[] Words =
    [
        "Hello", "world", "Grüße", "Köln", "Straße", "Привет", "мир", "日本語", "テスト", "中文", "한국어", "😀", "café",
        "--", "=", "=?", "?=", ".", "From", "a\"quote", "back\\slash", "semi;colon", "comma,", "(paren)", "<angle>", "@",
        "tab\tbed", "ÆØÅ", "naïve", "€100", "x",
    ];

    private static readonly string[] Types = ["application/pdf", "image/png", "application/octet-stream", "text/plain", "application/vnd.ms-excel"];

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= Cases; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void GiveBackWhatWasWritten(int seed)
    {
        var random = new Random(seed);
        var expected = Generate(random);
        var builder = expected.ToBuilder();

        var bytes = builder.ToBytes();
        var message = MimeMessage.Parse(bytes);

        Assert.Empty(message.Errors);
        Assert.All(Encoding.Latin1.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 998));
        Assert.Equal(builder.MessageId, message.MessageId);
        Assert.Equal(expected.Subject, message.Subject);
        Assert.Equal(expected.Date, message.Date);
        Assert.Equal(expected.From, message.From);
        Assert.Equal(expected.To, message.To);
        Assert.Equal(expected.Cc, message.Cc);
        Assert.Equal(expected.InReplyTo, message.InReplyTo);
        Assert.Equal(expected.References, message.References);
        Assert.Equal(expected.Text?.ReplaceLineEndings("\n"), message.TextBody);
        Assert.Equal(expected.Html?.ReplaceLineEndings("\n"), message.HtmlBody);
        var parts = expected.Inline.Concat(expected.Attachments).ToList();
        Assert.Equal(parts.Count, message.Attachments.Count);
        for (var k = 0; k < parts.Count; k++)
        {
            var (part, actual) = (parts[k], message.Attachments[k]);
            Assert.Equal(part.FileName, actual.FileName);
            Assert.Equal(part.ContentType, actual.ContentType);
            Assert.Equal(part.ContentId, actual.ContentId);
            Assert.Equal(part.ContentId is not null, actual.IsInline);
            Assert.Equal(part.Content.Length, actual.Size);
            using var content = new MemoryStream();
            actual.OpenRead().CopyTo(content);
            Assert.Equal(part.Content, content.ToArray());
        }
    }

    private static Expected Generate(Random random)
    {
        var text = random.Next(4) == 0 ? null : Body(random);
        var html = text is null || random.Next(2) == 0 ? "<html><body><p>" + Body(random) + "</p></body></html>" : null;
        var references = Enumerable.Range(0, random.Next(4)).Select(_ => Id(random)).ToList();
        return new Expected(
            Subject: random.Next(10) == 0 ? null : Phrase(random, 1 + random.Next(random.Next(3) == 0 ? 60 : 8)),
            Date: new DateTimeOffset(2000 + random.Next(40), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), random.Next(60), TimeSpan.FromMinutes(15 * random.Next(-48, 57))),
            From: Mailboxes(random, 1),
            To: Mailboxes(random, 1 + random.Next(4)),
            Cc: Mailboxes(random, random.Next(3)),
            InReplyTo: references.Count > 0 ? references[^1] : null,
            References: references,
            Text: text,
            Html: html,
            Inline: html is null ? [] : Enumerable.Range(0, random.Next(3)).Select(i => Part(random, "img" + i + "." + random.Next() + "@cc.example")).ToList(),
            Attachments: Enumerable.Range(0, random.Next(4)).Select(_ => Part(random, null)).ToList());
    }

    private static string Body(Random random)
    {
        var lines = new List<string>();
        for (var i = random.Next(1, 30); i > 0; i--)
        {
            var line = random.Next(8) switch
            {
                0 => string.Empty,
                1 => new string('x', random.Next(70, 2500)),
                2 => Phrase(random, random.Next(1, 20)) + new string(' ', random.Next(1, 4)),
                3 => "--" + Phrase(random, 2),
                _ => Phrase(random, random.Next(1, 20)),
            };
            lines.Add(line);
        }

        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        return string.Join(newline, lines) + (random.Next(2) == 0 ? newline : string.Empty);
    }

    private static string Phrase(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])).Replace("\t", " ", StringComparison.Ordinal).Trim();

    private static List<MailboxAddress> Mailboxes(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => new MailboxAddress(random.Next(3) == 0 ? null : Name(random), Address(random))).ToList();

    private static string Name(Random random)
    {
        var name = Phrase(random, random.Next(1, 4));
        while (name.Contains("  ", StringComparison.Ordinal))
        {
            name = name.Replace("  ", " ", StringComparison.Ordinal);
        }

        return name;
    }

    private static string Address(Random random)
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        string Label(int length) => new(Enumerable.Range(0, length).Select(_ => Letters[random.Next(Letters.Length)]).ToArray());
        var local = Label(random.Next(1, 10)) + (random.Next(3) == 0 ? "." + Label(3) : string.Empty) + (random.Next(4) == 0 ? "+tag" : string.Empty);
        return local + "@" + Label(random.Next(2, 10)) + ".example";
    }

    private static string Id(Random random) => MimeMessageBuilder.CreateMessageId(random.Next(2) == 0 ? "cc.example" : "customer.example");

    private static PartSpec Part(Random random, string? contentId)
    {
        var content = new byte[random.Next(0, 3000)];
        random.NextBytes(content);
        var name = random.Next(3) switch
        {
            0 => "report-" + random.Next(1000) + ".pdf",
            1 => Phrase(random, random.Next(1, 12)).Replace("?", string.Empty, StringComparison.Ordinal) + ".bin",
            _ => new string('ä', random.Next(1, 100)) + " \"quoted\"; name.txt",
        };
        return new PartSpec(name, Types[random.Next(Types.Length)], contentId, content);
    }

    private sealed record PartSpec(string FileName, string ContentType, string? ContentId, byte[] Content);

    private sealed record Expected(
        string? Subject,
        DateTimeOffset Date,
        List<MailboxAddress> From,
        List<MailboxAddress> To,
        List<MailboxAddress> Cc,
        string? InReplyTo,
        List<string> References,
        string? Text,
        string? Html,
        List<PartSpec> Inline,
        List<PartSpec> Attachments)
    {
        public MimeMessageBuilder ToBuilder()
        {
            var builder = new MimeMessageBuilder("cc.example") { Subject = Subject, Date = Date, TextBody = Text, HtmlBody = Html, InReplyTo = InReplyTo };
            From.ForEach(builder.From.Add);
            To.ForEach(builder.To.Add);
            Cc.ForEach(builder.Cc.Add);
            References.ForEach(builder.References.Add);
            foreach (var part in Inline)
            {
                builder.AddInline(part.ContentId!, part.FileName, part.ContentType, part.Content);
            }

            foreach (var part in Attachments)
            {
                builder.AddAttachment(part.FileName, part.ContentType, part.Content);
            }

            return builder;
        }
    }
}
