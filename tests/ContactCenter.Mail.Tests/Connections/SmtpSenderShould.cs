using ContactCenter.Mail.Connections;
using ContactCenter.Mail.Tests.Support;
using MimeKit;

namespace ContactCenter.Mail.Tests.Connections;

/// <summary>Sending through the local Postfix: submission with STARTTLS, SMTPS, wrong password, untrusted certificate, the log.</summary>
public sealed class SmtpSenderShould
{
    private static MailServices Services => MailServices.Current;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(MailSecurity.StartTls)]
    [InlineData(MailSecurity.ImplicitTls)]
    public async Task DeliverAMessageThroughSubmissionAndSmtps(MailSecurity security)
    {
        var tag = "s" + Guid.NewGuid().ToString("N")[..10];
        var port = security == MailSecurity.StartTls ? Services.SubmissionPort : Services.SmtpsPort;
        var message = new MimeMessage { Subject = "Grüße " + tag, Body = new TextPart("plain") { Text = "Hallo Carol – schöne Grüße\n" } };
        message.From.Add(new MailboxAddress("Frank", MailServices.Address("frank")));
        message.To.Add(new MailboxAddress("Carol", $"carol+{tag}@cc.test"));

        await using (var smtp = await SmtpSender.ConnectAsync(Services.Endpoint("frank", port, security), Services.Settings(), Token))
        {
            Assert.Contains(smtp.Extensions, e => e.StartsWith("AUTH ", StringComparison.Ordinal));
            await smtp.SendAsync(message, Token);
            await smtp.CloseAsync(Token);
        }

        var delivered = await Maildir.WaitForMessagesAsync(Services.MaildirOf("carol", tag), 1);
        var received = await MimeMessage.LoadAsync(Assert.Single(delivered), Token);
        Assert.Equal("Grüße " + tag, received.Subject);
        Assert.Equal("Hallo Carol – schöne Grüße\n", received.TextBody?.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task RefuseAWrongPasswordWithTheServersCode()
    {
        var log = new MailProtocolLog();

        var error = await Assert.ThrowsAsync<MailAuthenticationException>(() =>
            SmtpSender.ConnectAsync(Services.Endpoint("frank", Services.SubmissionPort, MailSecurity.StartTls) with { Password = "wrong-frank-secret" }, Services.Settings(log), Token));

        Assert.Contains("535", error.Message, StringComparison.Ordinal);
        Assert.Contains("AUTH", log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-frank-secret", log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("\0frank@cc.test\0wrong-frank-secret"u8), log.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailSecurity.StartTls)]
    [InlineData(MailSecurity.ImplicitTls)]
    public async Task RefuseAServerCertificateFromAnUntrustedCa(MailSecurity security)
    {
        var port = security == MailSecurity.StartTls ? Services.SubmissionPort : Services.SmtpsPort;

        var error = await Assert.ThrowsAsync<MailCertificateException>(() =>
            SmtpSender.ConnectAsync(Services.Endpoint("frank", port, security), Services.Settings() with { ExtraTrustedCa = null }, Token));

        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}
