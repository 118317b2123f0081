using System.Security.Cryptography.X509Certificates;
using ContactCenter.Mail.Imap;
using ContactCenter.Mail.Mime;
using ContactCenter.Mail.Net;

namespace ContactCenter.Server.Tests.Support;

/// <summary>
/// The dev Dovecot and Postfix the test command starts (<c>infra/dev/services.d/mail.sh</c>), read from
/// <c>$CC_DEV_DIR/mail/services.env</c>. The server tests send the platform's mail through them as heidi@cc.test.
/// </summary>
public static class DevMailServices
{
    public const string User = "heidi";

    private static readonly Lazy<IReadOnlyDictionary<string, string>?> Settings = new(Read);

    public static bool Available => Settings.Value is not null;

    public static string Get(string key) =>
        (Settings.Value ?? throw new InvalidOperationException(
            "The mail services are not running: start them with 'infra/dev/services.d/mail.sh start' (the test command does)."))[key];

    public static string Address(string tag) => $"{User}+{tag}@cc.test";

    public static string Password => User + Get("CC_MAIL_PASSWORD_SUFFIX");

    /// <summary>
    /// Reads heidi's mail over IMAP until the mail for this tag arrives (delivery goes through Postfix and LMTP;
    /// Dovecot files mail for heidi+tag into the mailbox "tag"), then removes that mailbox.
    /// </summary>
    public static async Task<MimeMessage> WaitForMailAsync(string tag)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Get("CC_MAIL_CA")));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var imap = new ImapClient();
            await imap.ConnectAsync(new MailConnectionOptions
            {
                Host = Get("CC_MAIL_HOST"),
                Port = int.Parse(Get("CC_MAIL_IMAPS_PORT"), System.Globalization.CultureInfo.InvariantCulture),
                Security = MailSecurity.ImplicitTls,
                ExtraTrustedCa = ca,
            });
            await imap.AuthenticateAsync(new PasswordCredentials($"{User}@cc.test", Password));
            if ((await imap.ListAsync(tag)).Count > 0)
            {
                await imap.SelectAsync(tag);
                var uids = await imap.UidSearchAsync("ALL");
                var fetched = await imap.UidFetchAsync(uids.TakeLast(1), ImapFetchItems.Body);
                var message = MimeMessage.Load(new MemoryStream(fetched.Single().Body!));
                await imap.DeleteMailboxAsync(tag);
                return message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No mail for {tag} arrived within 30 s.");
            await Task.Delay(250);
        }
    }

    private static Dictionary<string, string>? Read()
    {
        var file = Path.Combine(Environment.GetEnvironmentVariable("CC_DEV_DIR") ?? "/tmp/contactcenter-dev", "mail", "services.env");
        return File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..])
            : null;
    }
}
