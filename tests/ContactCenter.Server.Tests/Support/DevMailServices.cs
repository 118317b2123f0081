using System.Security.Cryptography.X509Certificates;
using ContactCenter.Mail.Connections;
using ContactCenter.Mail.Messages;

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
    /// Dovecot files mail for heidi+tag into the mailbox "tag"), then deletes the messages of that mailbox.
    /// </summary>
    public static async Task<ReceivedMessage> WaitForMailAsync(string tag)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Get("CC_MAIL_CA")));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var endpoint = new MailEndpoint(Get("CC_MAIL_HOST"), int.Parse(Get("CC_MAIL_IMAPS_PORT"), System.Globalization.CultureInfo.InvariantCulture),
            MailSecurity.ImplicitTls, $"{User}@cc.test", Password);
        while (true)
        {
            if (await TryOpenAsync(endpoint, tag, ca) is { } inbox)
            {
                await using (inbox)
                {
                    // Dovecot may create the mailbox a moment before the message is in it.
                    var uids = await inbox.ListUidsAsync(CancellationToken.None);
                    if (uids.Count > 0)
                    {
                        var fetched = await inbox.FetchAsync([uids[^1]], CancellationToken.None);
                        await inbox.DeleteAsync(uids, CancellationToken.None);
                        await inbox.CloseAsync(CancellationToken.None);
                        return MessageReader.Read(fetched.Single().Raw);
                    }
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"No mail for {tag} arrived within 30 s.");
            await Task.Delay(250);
        }
    }

    private static async Task<MailInbox?> TryOpenAsync(MailEndpoint endpoint, string tag, X509Certificate2 ca)
    {
        try
        {
            return await MailInbox.OpenAsync(InboxProtocol.Imap, endpoint, tag, readOnly: false, new MailConnectionSettings { ExtraTrustedCa = ca }, CancellationToken.None);
        }
        catch (MailCommandException)
        {
            // The mailbox for the tag does not exist until the mail arrives.
            return null;
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
