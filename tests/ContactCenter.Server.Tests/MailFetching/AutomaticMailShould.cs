using System.Text;
using ContactCenter.Server.MailFetching;
using MimeKit;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>Which mail no person wrote: recorded on its request, never answered, never reopening it.</summary>
public sealed class AutomaticMailShould
{
    public static TheoryData<string> Automatic() =>
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "Auto-Submitted: Auto-Notified",
        "X-Autoreply: yes",
        "X-Autorespond: Out of office",
        "X-Auto-Response-Suppress: All\r\nPrecedence: auto_reply",
        "Return-Path: <>",
    ];

    public static TheoryData<string> Personal() =>
    [
        "Auto-Submitted: no",
        "Auto-Submitted: No (a person wrote this)",
        "X-Auto-Response-Suppress: All",
        "Precedence: bulk",
        "Return-Path: <erika@example.com>",
        "X-Mailer: Thunderbird",
    ];

    [Theory]
    [MemberData(nameof(Automatic))]
    public void RecogniseAutomaticMailByItsHeaders(string headers) => Assert.True(AutomaticMail.Is(Parse(headers + "\r\nFrom: erika@example.com")));

    [Theory]
    [MemberData(nameof(Personal))]
    public void TakeOtherMailAsWrittenByAPerson(string headers) => Assert.False(AutomaticMail.Is(Parse(headers + "\r\nFrom: erika@example.com")));

    [Theory]
    [InlineData("MAILER-DAEMON@mx.example.com")]
    [InlineData("postmaster@example.com")]
    public void RecogniseMailFromAMailerDaemon(string from) => Assert.True(AutomaticMail.Is(Parse($"From: {from}")));

    [Fact]
    public void RecogniseADeliveryStatusReportFromAnyone()
    {
        var report = Parse(
            "From: relay@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r",
            "--r\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
            + "Final-Recipient: rfc822; erika@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--");
        var readReceipt = Parse(
            "From: erika@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=disposition-notification; boundary=r",
            "--r\r\nContent-Type: text/plain\r\n\r\nRead.\r\n--r--");

        Assert.True(AutomaticMail.Is(report));
        Assert.False(AutomaticMail.Is(readReceipt));
    }

    private static MimeMessage Parse(string headers, string body = "Hello") =>
        MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(headers + "\r\nSubject: Test\r\n\r\n" + body + "\r\n")));
}
