using System.Diagnostics;
using System.Text;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

/// <summary>
/// The large members of the hostile corpus, generated here rather than committed: a million tiny parts, 100 k
/// header lines, deep nesting, and inputs that would be quadratic for a naive parser. Each must finish in bounded
/// time with the typed limit error (or, leniently, the error in <see cref="MimeMessage.Errors"/>).
/// </summary>
public sealed class HostileInputShould
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public void StopAMillionTinyPartsAtThePartLimit()
    {
        var bytes = MillionParts();

        var error = Assert.Throws<MimeLimitExceededException>(() => MimeMessage.Parse(bytes, new MimeParserOptions { MaxMessageBytes = 64 << 20 }));
        var (message, elapsed) = Timed(() => MimeMessage.Parse(bytes, Messages.Lenient with { MaxMessageBytes = 64 << 20 }));

        Assert.Equal(MimeLimit.PartCount, error.Limit);
        Assert.Equal(MimeParserOptions.Default.MaxParts - 1, message.Body.Children.Count);
        Assert.Equal("x", message.TextBody);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.LimitExceeded);
        Assert.True(elapsed < Budget, $"took {elapsed}");
    }

    [Fact]
    public void ReadManyPartsWhenTheLimitAllowsThem()
    {
        var text = new StringBuilder("Message-ID: <p@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("--b\r\nContent-Type: application/octet-stream\r\n\r\n").Append(i % 10).Append("\r\n");
        }

        text.Append("--b--\r\n");

        var (message, elapsed) = Timed(() => MimeMessage.Parse(Encoding.ASCII.GetBytes(text.ToString()), new MimeParserOptions { MaxParts = 200_000 }));

        Assert.Equal(100_000, message.Attachments.Count);
        Assert.Equal(1, message.Attachments[99_991].Size);
        Assert.True(elapsed < Budget, $"took {elapsed}");
    }

    [Fact]
    public void LimitAHundredThousandHeaderLines()
    {
        var bytes = ManyHeaders(100_000);

        var error = Assert.Throws<MimeLimitExceededException>(() => MimeMessage.Parse(bytes));
        var lenient = MimeMessage.Parse(bytes, Messages.Lenient);
        var (allowed, elapsed) = Timed(() => MimeMessage.Parse(bytes, new MimeParserOptions { MaxHeaderBlockBytes = 8 << 20 }));

        Assert.Equal(MimeLimit.HeaderBlockSize, error.Limit);
        Assert.Equal("after the headers", lenient.TextBody);
        Assert.Contains(lenient.Errors, e => e.Kind == MimeErrorKind.LimitExceeded);
        Assert.Equal(100_002, allowed.Headers.Count);
        Assert.Equal("value 99999", allowed.Headers[100_001].Value);
        Assert.Equal("after the headers", allowed.TextBody);
        Assert.True(elapsed < Budget, $"took {elapsed}");
    }

    [Fact]
    public void LimitAHundredThousandNestedMultiparts()
    {
        var bytes = Nested(100_000);

        var error = Assert.Throws<MimeLimitExceededException>(() => MimeMessage.Parse(bytes));
        var (message, elapsed) = Timed(() => MimeMessage.Parse(bytes, Messages.Lenient));

        Assert.Equal(MimeLimit.NestingDepth, error.Limit);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.LimitExceeded);
        Assert.True(elapsed < Budget, $"took {elapsed}");
    }

    [Fact]
    public void LimitAHundredThousandNestedMessages()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("Message-ID: <n").Append(i).Append("@x>\r\nContent-Type: message/rfc822\r\n\r\n");
        }

        text.Append("Subject: innermost\r\n\r\nbody");

        var (message, elapsed) = Timed(() => MimeMessage.Parse(Encoding.ASCII.GetBytes(text.ToString()), Messages.Lenient));

        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.LimitExceeded);
        Assert.NotNull(message.Attachments[0].Entity.EmbeddedMessage);
        Assert.True(elapsed < Budget, $"took {elapsed}");
    }

    [Fact]
    public void ParseThousandsOfLevelsWithoutRecursion()
    {
        // A recursive descent parser would need thousands of frames here; the explicit work stack needs none.
        var (message, elapsed) = Timed(() => MimeMessage.Parse(Nested(3_000), new MimeParserOptions { MaxNestingDepth = 5_000 }));

        Assert.Equal("deepest", message.TextBody);
        Assert.True(elapsed < Budget, $"took {elapsed}");
    }

    public static TheoryData<string, string> QuadraticTraps() => new()
    {
        { "encoded-word starts", "Subject: " + Repeat("=?", 400_000) },
        { "unclosed encoded words", "Subject: " + Repeat("=?utf-8?Q?", 100_000) },
        { "unclosed comments", "From: " + Repeat("(", 400_000) + "a@b" },
        { "nested comments", "From: " + Repeat("(", 200_000) + Repeat(")", 200_000) + " a@b" },
        { "unclosed angle brackets", "References: " + Repeat("<", 400_000) },
        { "many address separators", "To: " + Repeat("a@b,", 200_000) },
        { "parameters", "Content-Type: text/plain" + Repeat("; a*0*=x", 100_000) },
        { "unclosed quotes", "Content-Type: text/plain; format=\"" + Repeat("\\", 400_000) },
        { "date tokens", "Date: " + Repeat("1 ", 400_000) },
    };

    [Theory]
    [MemberData(nameof(QuadraticTraps))]
    public void ParseQuadraticTrapsInLinearTime(string trap, string header)
    {
        var bytes = Encoding.ASCII.GetBytes("Message-ID: <q@x>\r\n" + header + "\r\n\r\nbody");

        var (message, elapsed) = Timed(() => MimeMessage.Parse(bytes, Messages.Lenient with { MaxHeaderBlockBytes = 4 << 20 }));
        _ = message.Attachments.Count;

        Assert.Equal("body", message.TextBody);
        Assert.True(elapsed < Budget, $"{trap} took {elapsed}");
    }

    [Fact]
    public void ScanBodiesFullOfAlmostBoundariesInLinearTime()
    {
        var body = Repeat("--bx\r\n--b-\r\n", 300_000);
        var bytes = Encoding.ASCII.GetBytes("Message-ID: <q@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n" + body + "--b--\r\n");

        var (message, elapsed) = Timed(() => MimeMessage.Parse(bytes));

        Assert.Equal(body[..^2].Replace("\r\n", "\n", StringComparison.Ordinal), message.TextBody);
        Assert.True(elapsed < Budget, $"took {elapsed}");
    }

    [Fact]
    public void DecodeJunkBodiesInLinearTime()
    {
        var junk = Repeat("=!", 2_000_000);
        var base64 = Encoding.ASCII.GetBytes("Message-ID: <q@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + junk);
        var quoted = Encoding.ASCII.GetBytes("Message-ID: <q@x>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + junk);

        var (fromBase64, elapsed64) = Timed(() => MimeMessage.Parse(base64));
        var (fromQuoted, elapsedQp) = Timed(() => MimeMessage.Parse(quoted));

        Assert.Equal(string.Empty, fromBase64.TextBody);
        Assert.Contains(fromBase64.Errors, e => e.Kind == MimeErrorKind.InvalidEncoding);
        Assert.Equal(junk, fromQuoted.TextBody);
        Assert.True(elapsed64 < Budget && elapsedQp < Budget, $"took {elapsed64} and {elapsedQp}");
    }

    [Fact]
    public async Task LimitTheMessageSize()
    {
        var bytes = Messages.Bytes("Message-ID: <s@x>\r\nSubject: big\r\n\r\n" + new string('z', 5000));
        var options = new MimeParserOptions { MaxMessageBytes = 1000 };

        var error = Assert.Throws<MimeLimitExceededException>(() => MimeMessage.Load(new MemoryStream(bytes), options));
        var asyncError = await Assert.ThrowsAsync<MimeLimitExceededException>(() => MimeMessage.LoadAsync(new NonSeekableStream(bytes), options, CancellationToken.None));
        var truncated = await MimeMessage.LoadAsync(new NonSeekableStream(bytes), options with { ThrowOnLimitExceeded = false }, CancellationToken.None);

        Assert.Equal(MimeLimit.MessageSize, error.Limit);
        Assert.Equal(MimeLimit.MessageSize, asyncError.Limit);
        Assert.Equal("big", truncated.Subject);
        Assert.Equal(1000 - 35, truncated.TextBody!.Length);
        Assert.Contains(truncated.Errors, e => e.Kind == MimeErrorKind.LimitExceeded);
    }

    [Fact]
    public async Task ReadNonSeekableStreamsInFull()
    {
        var bytes = Messages.Bytes("Message-ID: <s@x>\r\n\r\n" + new string('z', 300_000));

        var message = await MimeMessage.LoadAsync(new NonSeekableStream(bytes), cancellationToken: CancellationToken.None);
        var sync = MimeMessage.Load(new NonSeekableStream(bytes));

        Assert.Equal(300_000, message.TextBody!.Length);
        Assert.Equal(300_000, sync.TextBody!.Length);
    }

    [Fact]
    public async Task StopWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MimeMessage.LoadAsync(new NonSeekableStream(MillionParts()), Messages.Lenient, cancelled.Token));
    }

    private static byte[] MillionParts()
    {
        var text = new StringBuilder("Message-ID: <m@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n", 12_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            text.Append("--b\r\n\r\nx\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("--b--\r\n").ToString());
    }

    private static byte[] ManyHeaders(int count)
    {
        var text = new StringBuilder("Message-ID: <h@x>\r\nSubject: many\r\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("X-Line-").Append(i).Append(": value ").Append(i).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\nafter the headers").ToString());
    }

    private static byte[] Nested(int depth)
    {
        var text = new StringBuilder("Message-ID: <d@x>\r\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append("Content-Type: multipart/mixed; boundary=n").Append(i).Append("\r\n\r\n--n").Append(i).Append("\r\n");
        }

        text.Append("\r\ndeepest\r\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            text.Append("--n").Append(i).Append("--\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static (T Result, TimeSpan Elapsed) Timed<T>(Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        var result = action();
        return (result, watch.Elapsed);
    }

    /// <summary>A stream that hides its length, as a network stream does.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
