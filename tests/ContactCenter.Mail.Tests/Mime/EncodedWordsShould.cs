using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class EncodedWordsShould
{
    [Theory]
    [InlineData("=?utf-8?B?SGFsbG8gV2VsdA==?=", "Hallo Welt")]
    [InlineData("=?iso-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=", "Grüße aus Köln")]
    [InlineData("=?UTF-8?q?J=C3=B6rg?=", "Jörg")]
    [InlineData("Re: =?utf-8?Q?caf=C3=A9?= today", "Re: café today")]
    [InlineData("=?utf-8?Q?a?= =?utf-8?Q?b?=", "ab")]
    [InlineData("=?utf-8?Q?a?=\t  =?utf-8?Q?b?=", "ab")]
    [InlineData("=?utf-8?Q?a?= x =?utf-8?Q?b?=", "a x b")]
    [InlineData("=?utf-8*de?Q?Stra=C3=9Fe?=", "Straße")]
    [InlineData("=?koi8-r?B?8NLJ18XU?=", "Привет")]
    [InlineData("=?utf-8?B?SGFsbG8?=", "Hallo")]
    public void DecodeWords(string input, string expected) => Assert.Equal(expected, EncodedWords.Decode(input));

    [Fact]
    public void JoinACharacterSplitAcrossTwoWords()
    {
        // "ä" is C3 A4 in UTF-8; a sloppy encoder put the two bytes into two words.
        Assert.Equal("Mär", EncodedWords.Decode("=?utf-8?Q?M=C3?= =?utf-8?Q?=A4r?="));
    }

    [Theory]
    [InlineData("=?utf-8?X?abc?=")]
    [InlineData("=?utf-8?Q?unterminated")]
    [InlineData("=??Q?abc?=")]
    [InlineData("=?utf-8?Q?with space?=")]
    [InlineData("plain = ? text")]
    public void LeaveMalformedWordsReadable(string input) => Assert.Equal(input, EncodedWords.Decode(input));

    [Fact]
    public void FallBackForUnknownCharsets()
    {
        Assert.Equal("Grüße", EncodedWords.Decode("=?x-unknown?Q?Gr=C3=BC=C3=9Fe?="));
        Assert.Equal("Grüße", EncodedWords.Decode("=?x-unknown?Q?Gr=FC=DFe?="));
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("Grüße aus Köln")]
    [InlineData("注文の問題について、ご連絡ください。注文の問題について、ご連絡ください。")]
    [InlineData("emoji 😀 in the middle of a rather long subject line that needs several words")]
    public void RoundTrip(string text)
    {
        var encoded = EncodedWords.Encode(text);

        Assert.True(System.Text.Ascii.IsValid(encoded));
        Assert.All(encoded.Split(' '), word => Assert.True(word.Length <= 75));
        Assert.Equal(text, EncodedWords.Decode(encoded));
    }
}
