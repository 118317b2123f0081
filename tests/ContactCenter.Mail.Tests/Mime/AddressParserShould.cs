using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class AddressParserShould
{
    [Theory]
    [InlineData("anna@example.com", null, "anna@example.com")]
    [InlineData("<anna@example.com>", null, "anna@example.com")]
    [InlineData("Anna Berg <anna@example.com>", "Anna Berg", "anna@example.com")]
    [InlineData("\"Berg, Anna\" <anna@example.com>", "Berg, Anna", "anna@example.com")]
    [InlineData("\"Anna \\\"the boss\\\" Berg\" <anna@example.com>", "Anna \"the boss\" Berg", "anna@example.com")]
    [InlineData("anna@example.com (Anna Berg)", "Anna Berg", "anna@example.com")]
    [InlineData("Anna (work) <anna(comment)@example.com>", "Anna", "anna@example.com")]
    [InlineData("=?utf-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.com>", "Jörg Müller", "joerg@example.com")]
    [InlineData("\"=?utf-8?Q?J=C3=B6rg?=\" <joerg@example.com>", "Jörg", "joerg@example.com")]
    [InlineData("<@relay1.example,@relay2.example:anna@example.com>", null, "anna@example.com")]
    [InlineData("Info <info@bücher.example>", "Info", "info@bücher.example")]
    [InlineData("Info <info@xn--bcher-kva.example>", "Info", "info@xn--bcher-kva.example")]
    [InlineData("用户 <用户@例子.广告>", "用户", "用户@例子.广告")]
    [InlineData("\"john doe\"@example.com", null, "\"john doe\"@example.com")]
    [InlineData("root@[192.168.0.1]", null, "root@[192.168.0.1]")]
    [InlineData("Anna <anna@example.com", "Anna", "anna@example.com")]
    [InlineData("John Q. Public <jqp@example.com>", "John Q. Public", "jqp@example.com")]
    [InlineData("<\"a>b\"@example.com>", null, "\"a>b\"@example.com")]
    public void ParseMailboxes(string value, string? name, string address)
    {
        var problems = new List<string>();

        var mailbox = Assert.Single(AddressParser.Parse(value, problems));

        Assert.Equal(name, mailbox.Name);
        Assert.Equal(address, mailbox.Address);
        Assert.Empty(problems);
    }

    [Fact]
    public void ParseListsAndGroups()
    {
        var list = AddressParser.Parse("a@x.example, Team: b@x.example, \"C\" <c@x.example>;, d@x.example, undisclosed-recipients:;");

        Assert.Equal(["a@x.example", "b@x.example", "c@x.example", "d@x.example"], list.Select(m => m.Address));
        Assert.Equal([null, "Team", "Team", null], list.Select(m => m.Group));
    }

    [Fact]
    public void KeepTheReadablePartsOfABrokenList()
    {
        var problems = new List<string>();

        var list = AddressParser.Parse("Berg, Anna <anna@example.com>, MAILER-DAEMON, bob@example.com", problems);

        Assert.Equal(["anna@example.com", "bob@example.com"], list.Select(m => m.Address));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void ReportUnparseableAddressHeadersAndKeepTheirText()
    {
        var message = Messages.Parse("Message-ID: <a@b>\r\nFrom: just some text\r\nTo: ;;;,,,<<>>\r\n\r\n");

        Assert.Empty(message.From);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.InvalidAddress && e.Message.Contains("just some text", StringComparison.Ordinal));
        Assert.Equal("just some text", message.Headers["From"]);
    }

    [Fact]
    public void SurviveDeeplyNestedComments()
    {
        var value = new string('(', 100_000) + "x" + new string(')', 100_000) + " anna@example.com";

        Assert.Equal("anna@example.com", Assert.Single(AddressParser.Parse(value)).Address);
    }
}
