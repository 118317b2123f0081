using ContactCenter.Server.Requests;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The request token in our Message-IDs and reply addresses, and the number in the subject tag.</summary>
public sealed class RequestTokensShould
{
    [Fact]
    public void MakeUnguessableLowerCaseBase32Tokens()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => RequestTokens.NewToken()).ToList();

        Assert.All(tokens, t => Assert.Matches("^[a-z2-7]{16}$", t));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ReadTheTokenBackFromOurMessageIdsWithOrWithoutAngleBracketsInAnyCase()
    {
        var token = RequestTokens.NewToken();
        var id = RequestTokens.NewMessageId(token, "tenant.example");
        var another = RequestTokens.NewMessageId(token, "tenant.example");

        Assert.Matches($"^cc\\.{token}\\.[a-z2-7]{{12}}@tenant\\.example$", id);
        Assert.NotEqual(id, another);
        Assert.True(RequestTokens.TryReadMessageId(id, out var plain));
        Assert.True(RequestTokens.TryReadMessageId($"<{id}>", out var bracketed));
        Assert.True(RequestTokens.TryReadMessageId(id.ToUpperInvariant(), out var upper));
        Assert.Equal([token, token, token], [plain, bracketed, upper]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4f1c2a@mail.example.com")]
    [InlineData("cc.tooshort.abc@tenant.example")]
    [InlineData("cc.abcdefghijklmnop@tenant.example")]
    [InlineData("xcc.abcdefghijklmnop.abc@tenant.example")]
    [InlineData("cc.abcdefghijklmno1.abc@tenant.example")]
    public void FindNoTokenInOtherMessageIds(string? id)
    {
        Assert.False(RequestTokens.TryReadMessageId(id, out var token));
        Assert.Null(token);
    }

    [Fact]
    public void PutTheTokenIntoAReplyAddressAndReadItBack()
    {
        var token = RequestTokens.NewToken();

        var address = RequestTokens.ReplyAddress("support@tenant.example", token);

        Assert.Equal($"support+{token}@tenant.example", address);
        Assert.True(RequestTokens.TryReadAddress(address, out var read));
        Assert.True(RequestTokens.TryReadAddress(address.ToUpperInvariant(), out var upper));
        Assert.Equal([token, token], [read, upper]);
        Assert.Equal("no-domain", RequestTokens.ReplyAddress("no-domain", token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("support@tenant.example")]
    [InlineData("support+sales@tenant.example")]
    [InlineData("support+abcdefghijklmnopq@tenant.example")]
    [InlineData("a+b+abcdefghijklmnop@tenant.example")]
    [InlineData("support+abcdefghijklmnop")]
    public void FindNoTokenInOtherAddresses(string? address) => Assert.False(RequestTokens.TryReadAddress(address, out _));

    [Theory]
    [InlineData("[#1234] Where is my parcel?", 1234)]
    [InlineData("Re: AW: Where is my parcel? [#7]", 7)]
    [InlineData("Re: [#12] and [#13]", 12)]
    [InlineData("[#999999999999999999]", 999_999_999_999_999_999)]
    public void ReadTheFirstSubjectTag(string subject, long number)
    {
        Assert.True(RequestTokens.TryReadSubjectTag(subject, out var read));
        Assert.Equal(number, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Where is my parcel?")]
    [InlineData("[# 12]")]
    [InlineData("[#abc]")]
    [InlineData("#12")]
    [InlineData("[#-3]")]
    [InlineData("[#1234567890123456789]")]
    public void FindNoTagInOtherSubjects(string? subject)
    {
        Assert.False(RequestTokens.TryReadSubjectTag(subject, out var number));
        Assert.Equal(0, number);
    }

    [Fact]
    public void WriteTheTagThatIsReadBack()
    {
        Assert.Equal("[#42]", RequestTokens.SubjectTag(42));
        Assert.True(RequestTokens.TryReadSubjectTag("Re: " + RequestTokens.SubjectTag(long.MaxValue / 10), out var number));
        Assert.Equal(long.MaxValue / 10, number);
    }
}
