using System.Text;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Net;
using ContactCenter.Mail.Pop3;
using ContactCenter.Mail.Tests.Support;

namespace ContactCenter.Mail.Tests.Pop3;

/// <summary>Against the local Dovecot; the maildrop of user dave belongs to this class (its tests run one after another).</summary>
public sealed class Pop3ClientIntegrationShould
{
    private const string User = "dave";

    private static MailServices Services => MailServices.Current;

    private static async Task<Pop3Client> LoginAsync(MailSecurity security = MailSecurity.ImplicitTls)
    {
        var client = new Pop3Client();
        await client.ConnectAsync(Services.Options(security == MailSecurity.ImplicitTls ? Services.Pop3sPort : Services.Pop3Port, security));
        await client.AuthenticateAsync(MailServices.Credentials(User));
        return client;
    }

    /// <summary>Empties the maildrop and puts the given messages into it through IMAP.</summary>
    private static async Task FillAsync(params byte[][] messages)
    {
        await using (var pop = await LoginAsync())
        {
            foreach (var info in await pop.ListAsync())
            {
                await pop.DeleteAsync(info.Number);
            }

            await pop.QuitAsync();
        }

        await using var imap = new ImapClient();
        await imap.ConnectAsync(Services.Options(Services.ImapsPort, MailSecurity.ImplicitTls));
        await imap.AuthenticateAsync(MailServices.Credentials(User));
        foreach (var message in messages)
        {
            await imap.AppendAsync("INBOX", message);
        }

        await imap.LogoutAsync();
    }

    private static byte[] Message(string subject, string body) =>
        Encoding.UTF8.GetBytes($"From: erin@cc.test\r\nTo: dave@cc.test\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@tests.cc.test>\r\n\r\n{body}");

    [Theory]
    [InlineData(MailSecurity.ImplicitTls)]
    [InlineData(MailSecurity.StartTls)]
    public async Task ListAndRetrieveMessagesByteForByte(MailSecurity security)
    {
        var first = Message("eins", "Zeile 1\r\n.Zeile mit Punkt\r\n..zwei Punkte\r\n.\r\nEnde – Grüße\r\n");
        var second = Message("zwei", "Привет, こんにちは\r\n");
        await FillAsync(first, second);
        await using var client = await LoginAsync(security);

        Assert.True(client.IsEncrypted);
        Assert.Contains("UIDL", client.Capabilities);
        var stat = await client.StatAsync();
        var list = await client.ListAsync();
        var uids = await client.UidlAsync();
        var retrieved = await client.RetrieveAsync(1);
        using var streamed = new MemoryStream();
        long length = await client.RetrieveAsync(2, streamed);
        var top = await client.TopAsync(1, 0);

        Assert.Equal((2, (long)(first.Length + second.Length)), stat);
        Assert.Equal([first.Length, second.Length], list.Select(l => (int)l.Size));
        Assert.Equal(2, uids.Select(u => u.Uid).Distinct().Count());
        Assert.Equal(first, retrieved);
        Assert.Equal(second, streamed.ToArray());
        Assert.Equal(second.Length, length);
        Assert.Equal(Encoding.UTF8.GetString(first).Split("\r\n\r\n")[0] + "\r\n\r\n", Encoding.UTF8.GetString(top));
        await client.QuitAsync();
    }

    [Fact]
    public async Task DeleteOnlyAtQuitAndUndoDeletionsWithReset()
    {
        await FillAsync(Message("a", "a\r\n"), Message("b", "b\r\n"), Message("c", "c\r\n"));
        await using (var client = await LoginAsync())
        {
            var uids = await client.UidlAsync();
            await client.DeleteAsync(1);
            await client.ResetAsync();
            await client.DeleteAsync(2);
            // A message marked for deletion cannot be read any more in this session.
            await Assert.ThrowsAsync<MailCommandException>(() => client.RetrieveAsync(2));
            await client.QuitAsync();

            await using var again = await LoginAsync();
            var left = await again.UidlAsync();
            Assert.Equal([uids[0].Uid, uids[2].Uid], left.Select(u => u.Uid));
        }

        // Without QUIT nothing is deleted.
        await using (var client = await LoginAsync())
        {
            await client.DeleteAsync(1);
        }

        await using var check = await LoginAsync();
        Assert.Equal(2, (await check.StatAsync()).Count);
    }

    [Fact]
    public async Task RejectAWrongPassword()
    {
        await using var client = new Pop3Client();
        await client.ConnectAsync(Services.Options(Services.Pop3sPort, MailSecurity.ImplicitTls));

        await Assert.ThrowsAsync<MailAuthenticationException>(() => client.AuthenticateAsync(new PasswordCredentials("dave@cc.test", "wrong")));
    }

    [Fact]
    public async Task RefuseAServerCertificateFromAnUntrustedCa()
    {
        await using var client = new Pop3Client();

        await Assert.ThrowsAsync<MailConnectionException>(() =>
            client.ConnectAsync(Services.Options(Services.Pop3Port, MailSecurity.StartTls) with { ExtraTrustedCa = null }));
    }
}
