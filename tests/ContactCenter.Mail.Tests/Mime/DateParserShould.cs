using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

public sealed class DateParserShould
{
    [Theory]
    [InlineData("Tue, 01 Dec 2026 10:15:30 +0100", "2026-12-01T10:15:30+01:00")]
    [InlineData("1 Dec 2026 10:15:30 +0100", "2026-12-01T10:15:30+01:00")]
    [InlineData("Tue, 1 Dec 2026 10:15 +0100", "2026-12-01T10:15:00+01:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 -0500 (EST)", "2026-12-01T10:15:30-05:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 EST", "2026-12-01T10:15:30-05:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 GMT", "2026-12-01T10:15:30+00:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 UT", "2026-12-01T10:15:30+00:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 PDT", "2026-12-01T10:15:30-07:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 CEST", "2026-12-01T10:15:30+02:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 Z", "2026-12-01T10:15:30+00:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 A", "2026-12-01T10:15:30+00:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30", "2026-12-01T10:15:30+00:00")]
    [InlineData("Tue, 1 Dec 26 10:15:30 +0100", "2026-12-01T10:15:30+01:00")]
    [InlineData("Tue, 1 Dec 99 10:15:30 +0100", "1999-12-01T10:15:30+01:00")]
    [InlineData("Tue, 1 Dec 126 10:15:30 +0100", "2026-12-01T10:15:30+01:00")]
    [InlineData("Tuesday, 1 December 2026 10:15:30 +0100", "2026-12-01T10:15:30+01:00")]
    [InlineData("Tue Dec  1 10:15:30 2026", "2026-12-01T10:15:30+00:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 +01:00", "2026-12-01T10:15:30+01:00")]
    [InlineData("Tue, 1 Dec 2026 10:15:30 GMT+0100", "2026-12-01T10:15:30+01:00")]
    [InlineData("Tue,1 Dec 2026 10:15:30+0100", "2026-12-01T10:15:30+01:00")]
    [InlineData("Thu, 31 Dec 2026 23:59:60 +0000", "2026-12-31T23:59:59+00:00")]
    [InlineData("2026-12-01T10:15:30+01:00", "2026-12-01T10:15:30+01:00")]
    public void ParseDates(string value, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateParser.Parse(value));

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("31 Feb 2026 10:00:00 +0000")]
    [InlineData("1 Dec 2026 25:00:00 +0000")]
    [InlineData("Dec 2026")]
    public void ReturnNullForUnreadableDates(string value) => Assert.Null(DateParser.Parse(value));

    [Fact]
    public void ReportUnreadableDates()
    {
        var message = Messages.Parse("Message-ID: <a@b>\r\nDate: the day after tomorrow\r\n\r\n");

        Assert.Null(message.Date);
        Assert.Contains(message.Errors, e => e.Kind == MimeErrorKind.InvalidDate);
    }

    [Fact]
    public void FormatAsRfc5322()
    {
        var date = new DateTimeOffset(2026, 12, 1, 9, 5, 0, TimeSpan.FromHours(-3.5));

        Assert.Equal("Tue, 01 Dec 2026 09:05:00 -0330", DateParser.Format(date));
        Assert.Equal(date, DateParser.Parse(DateParser.Format(date)));
    }
}
