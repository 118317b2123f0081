using System.Diagnostics;
using System.Text;
using ContactCenter.Mail.Messages;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Messages;

/// <summary>
/// The limits MimeKit does not enforce, checked by the pre-scan: by default a message over a limit is refused with
/// the typed error naming the limit, quickly; reported instead, what lies within the limit is read.
/// </summary>
public sealed class MessageLimitsShould
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public static TheoryData<string, MimeLimit, long> OverLimit() => new()
    {
        { "million-parts", MimeLimit.PartCount, 10_000 },
        { "hundred-thousand-parts", MimeLimit.PartCount, 10_000 },
        { "hundred-thousand-headers", MimeLimit.HeaderBlockSize, 512 * 1024 },
        { "trap-parameters", MimeLimit.HeaderBlockSize, 512 * 1024 },
        { "nested-multiparts-100000", MimeLimit.NestingDepth, 32 },
        { "nested-multiparts-3000", MimeLimit.NestingDepth, 32 },
        { "nested-messages-100000", MimeLimit.NestingDepth, 32 },
    };

    [Theory]
    [MemberData(nameof(OverLimit))]
    public void RefuseAMessageOverALimitWithTheTypedError(string input, MimeLimit limit, long value)
    {
        var bytes = HostileMessages.All[input]();
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<MimeLimitExceededException>(() => MessageReader.Read(bytes));

        Assert.True(watch.Elapsed < Budget, $"took {watch.Elapsed}");
        Assert.Equal(limit, error.Limit);
        Assert.Equal(value, error.LimitValue);
        Assert.StartsWith("limit exceeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadEverythingWhenTheLimitsAllowIt()
    {
        var limits = new MimeLimits { MaxParts = 200_000, MaxHeaderBlockBytes = 8 << 20, MaxNestingDepth = 5_000 };

        var parts = MessageReader.Read(HostileMessages.HundredThousandParts(), limits);
        var headers = MessageReader.Read(HostileMessages.ManyHeaders(100_000), limits);
        var nested = MessageReader.Read(HostileMessages.Nested(3_000), limits);

        Assert.Equal(100_000, parts.Attachments.Count);
        Assert.Equal(1, parts.Attachments[99_991].Size);
        Assert.Equal("value 99999", headers.Mime.Headers["X-Line-99999"]);
        Assert.Equal("after the headers", headers.TextBody);
        Assert.Equal("deepest", nested.TextBody?.Trim());
        Assert.Empty(parts.Problems);
    }

    [Fact]
    public async Task LimitTheMessageSizeOnStreamsThatHideTheirLength()
    {
        var bytes = Encoding.ASCII.GetBytes("Message-ID: <s@x>\r\nSubject: big\r\n\r\n" + new string('z', 5000));
        var limits = new MimeLimits { MaxMessageBytes = 1000 };

        var error = await Assert.ThrowsAsync<MimeLimitExceededException>(() => MessageReader.LoadAsync(new NonSeekableStream(bytes), limits, LimitHandling.Throw, TestContext.Current.CancellationToken));
        var truncated = await MessageReader.LoadAsync(new NonSeekableStream(bytes), limits, LimitHandling.Report, TestContext.Current.CancellationToken);
        var whole = await MessageReader.LoadAsync(new NonSeekableStream(bytes), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(MimeLimit.MessageSize, error.Limit);
        Assert.Equal("big", truncated.Subject);
        Assert.Equal(1000 - 35, truncated.TextBody!.Length);
        Assert.Contains(truncated.Problems, p => p.Kind == MessageProblemKind.LimitExceeded);
        Assert.Equal(5000, whole.TextBody!.Length);
    }

    [Fact]
    public async Task StopWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MessageReader.LoadAsync(new NonSeekableStream(HostileMessages.MillionParts()), null, LimitHandling.Report, cancelled.Token));
    }

    /// <summary>A stream that hides its length, as a network stream does.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
