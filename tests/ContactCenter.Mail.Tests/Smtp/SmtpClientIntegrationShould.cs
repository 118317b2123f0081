using System.Text;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Smtp;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Smtp;

/// <summary>Against the local Postfix, which delivers through LMTP into Dovecot's Maildirs.</summary>
public sealed class SmtpClientIntegrationShould
{
    private static MailServices Services => MailServices.Current;

    private static byte[] Message(string tag, string body) => Encoding.UTF8.GetBytes(
        $"From: frank@cc.test\r\nTo: bob+{tag}@cc.test\r\nSubject: {tag}\r\nDate: Wed, 02 Dec 2026 03:00:00 +0100\r\nMessage-ID: <{tag}@tests.cc.test>\r\n" +
        $"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}");

    private static string Delivered(string path) => File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public async Task SubmitOverStartTlsAndGetTheMessageDelivered()
    {
        string tag = "smtp" + Guid.NewGuid().ToString("N")[..12];
        string body = "Hallo Bob,\r\n.eine Zeile mit Punkt\r\nGrüße – Привет – こんにちは\r\n";
        var message = Message(tag, body);
        await using var client = new SmtpClient();

        await client.ConnectAsync(Services.Options(Services.SubmissionPort, MailSecurity.StartTls));
        Assert.True(client.IsEncrypted);
        await client.AuthenticateAsync(MailServices.Credentials("frank"));
        var result = await client.SendAsync("frank@cc.test", [$"bob+{tag}@cc.test"], new MemoryStream(message));
        await client.QuitAsync();

        Assert.All(result.Recipients, r => Assert.True(r.Accepted));
        var files = await Maildir.WaitForMessagesAsync(Services.MaildirOf("bob", tag), 1);
        // Dovecot stores LF line ends; Postfix adds trace headers in front of ours.
        Assert.EndsWith(Encoding.UTF8.GetString(message).Replace("\r\n", "\n", StringComparison.Ordinal), Delivered(Assert.Single(files)), StringComparison.Ordinal);
        Maildir.Remove(Services.MaildirOf("bob", tag));
    }

    [Fact]
    public async Task SubmitOverImplicitTlsToSeveralRecipientsReportingUnknownOnes()
    {
        string tag = "smtps" + Guid.NewGuid().ToString("N")[..12];
        await using var client = new SmtpClient();

        await client.ConnectAsync(Services.Options(Services.SmtpsPort, MailSecurity.ImplicitTls));
        await client.AuthenticateAsync(MailServices.Credentials("frank"));
        var result = await client.SendAsync("frank@cc.test", [$"bob+{tag}@cc.test", $"grace+{tag}@cc.test"], new MemoryStream(Message(tag, "two\r\n")));

        Assert.Equal(2, result.Recipients.Count(r => r.Accepted));
        await Maildir.WaitForMessagesAsync(Services.MaildirOf("bob", tag), 1);
        await Maildir.WaitForMessagesAsync(Services.MaildirOf("grace", tag), 1);
        Maildir.Remove(Services.MaildirOf("bob", tag));
        Maildir.Remove(Services.MaildirOf("grace", tag));
    }

    [Fact]
    public async Task RejectAWrongPassword()
    {
        await using var client = new SmtpClient();
        await client.ConnectAsync(Services.Options(Services.SubmissionPort, MailSecurity.StartTls));

        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new PasswordCredentials("frank@cc.test", "wrong")));
    }

    [Fact]
    public async Task BeRefusedRelayWithoutAuthentication()
    {
        await using var client = new SmtpClient();
        await client.ConnectAsync(Services.Options(Services.SubmissionPort, MailSecurity.StartTls));

        await Assert.ThrowsAsync<MailCommandException>(() => client.SendAsync("frank@cc.test", ["someone@example.org"], new MemoryStream("x\r\n"u8.ToArray())));
    }

    [Fact]
    public async Task RefuseAServerCertificateFromAnUntrustedCa()
    {
        await using var client = new SmtpClient();

        var error = await Assert.ThrowsAsync<MailConnectionException>(() =>
            client.ConnectAsync(Services.Options(Services.SmtpsPort, MailSecurity.ImplicitTls) with { ExtraTrustedCa = null }));
        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task HaveAnInternationalSenderAcceptedOverSmtpUtf8()
    {
        string tag = "utf8" + Guid.NewGuid().ToString("N")[..12];
        await using var client = new SmtpClient();
        await client.ConnectAsync(Services.Options(Services.SubmissionPort, MailSecurity.StartTls));
        await client.AuthenticateAsync(MailServices.Credentials("frank"));

        Assert.Contains("SMTPUTF8", client.Extensions.Keys);
        var result = await client.SendAsync("jörg@cc.test", [$"bob+{tag}@cc.test"], new MemoryStream(Message(tag, "Von Jörg\r\n")));

        // Postfix takes the transaction but cannot hand it on: Dovecot 2.3's LMTP does not offer SMTPUTF8, so the message
        // bounces there, which is not ours to test. The replay tests check the SMTPUTF8 parameter itself.
        Assert.True(Assert.Single(result.Recipients).Accepted);
        Assert.Equal(250, result.DataResponse.Code);
    }
}
