using System.Globalization;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace ContactCenter.Testing;

/// <summary>
/// A user's mailbox on the dev Dovecot (<c>infra/dev/services.d/mail.sh</c>, settings in
/// <c>$CC_DEV_DIR/mail/services.env</c>), reached with MailKit over plain IMAP on loopback: folders are created and
/// filled with MULTIAPPEND in batches, emptied, counted by keyword and deleted again.
/// </summary>
public sealed class TestMailbox : IAsyncDisposable
{
    private const int AppendBatch = 100;
    private readonly ImapClient _client = new();

    private TestMailbox(string user) => User = user;

    /// <summary>The user name without domain (<c>bench</c>, <c>pop1</c>).</summary>
    public string User { get; }

    /// <summary>Whether the dev mail services have been started on this machine.</summary>
    public static bool Available => File.Exists(ServicesFile);

    private static string ServicesFile =>
        Path.Combine(Environment.GetEnvironmentVariable("CC_DEV_DIR") is { Length: > 0 } d ? d : "/tmp/contactcenter-dev", "mail", "services.env");

    /// <summary>The settings of the running dev mail services.</summary>
    /// <exception cref="InvalidOperationException">They are not running.</exception>
    public static IReadOnlyDictionary<string, string> Services()
    {
        var file = ServicesFile;
        return File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1])
            : throw new InvalidOperationException($"{file} is missing: start the mail services with 'infra/dev/services.d/mail.sh start'.");
    }

    public static string Host => Services()["CC_MAIL_HOST"];

    public static int Port(string key) => int.Parse(Services()[key], CultureInfo.InvariantCulture);

    /// <summary>The dev users' passwords follow one pattern (mail.sh).</summary>
    public static string PasswordOf(string user) => user + Services()["CC_MAIL_PASSWORD_SUFFIX"];

    public static string AddressOf(string user) => $"{user}@{Services()["CC_MAIL_DOMAIN"]}";

    public static async Task<TestMailbox> OpenAsync(string user)
    {
        var mailbox = new TestMailbox(user);
        await mailbox._client.ConnectAsync(Host, Port("CC_MAIL_IMAP_PORT"), SecureSocketOptions.None);
        await mailbox._client.AuthenticateAsync(AddressOf(user), PasswordOf(user));
        return mailbox;
    }

    /// <summary>Creates a folder (a fresh name per test run keeps runs apart).</summary>
    public async Task CreateFolderAsync(string name)
    {
        var root = await _client.GetFolderAsync(_client.PersonalNamespaces[0].Path);
        await root.CreateAsync(name, isMessageFolder: true);
    }

    public async Task DeleteFolderAsync(string name)
    {
        var folder = await _client.GetFolderAsync(name);
        await folder.DeleteAsync();
    }

    /// <summary>Deletes every message of <paramref name="name"/> (POP3 sees only INBOX: it is emptied before a test fills it).</summary>
    public async Task EmptyAsync(string name)
    {
        var folder = await _client.GetFolderAsync(name);
        await folder.OpenAsync(FolderAccess.ReadWrite);
        if (folder.Count > 0)
        {
            await folder.StoreAsync(UniqueIdRange.All, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted) { Silent = true });
            await folder.ExpungeAsync();
        }

        await folder.CloseAsync();
    }

    /// <summary>Appends the messages to <paramref name="name"/>, many per command (MULTIAPPEND).</summary>
    public async Task AppendAsync(string name, IEnumerable<MimeMessage> messages)
    {
        var folder = await _client.GetFolderAsync(name);
        foreach (var batch in messages.Chunk(AppendBatch))
        {
            await folder.AppendAsync([.. batch.Select(m => (IAppendRequest)new AppendRequest(m))]);
        }
    }

    /// <summary>How many messages of <paramref name="name"/> lack the keyword (the fetch cycle flags what it has taken).</summary>
    public async Task<int> CountWithoutKeywordAsync(string name, string keyword)
    {
        var folder = await _client.GetFolderAsync(name);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var count = (await folder.SearchAsync(SearchQuery.NotKeyword(keyword))).Count;
        await folder.CloseAsync();
        return count;
    }

    public async Task<int> CountAsync(string name)
    {
        var folder = await _client.GetFolderAsync(name);
        await folder.StatusAsync(StatusItems.Count);
        return folder.Count;
    }

    /// <summary>The messages of <paramref name="name"/>, oldest first; none when the folder does not exist (yet).</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync(string name)
    {
        IMailFolder folder;
        try
        {
            folder = await _client.GetFolderAsync(name);
        }
        catch (FolderNotFoundException)
        {
            return [];
        }

        await folder.OpenAsync(FolderAccess.ReadOnly);
        var messages = new List<MimeMessage>();
        for (var i = 0; i < folder.Count; i++)
        {
            messages.Add(await folder.GetMessageAsync(i));
        }

        await folder.CloseAsync();
        return messages;
    }

    /// <summary>
    /// Sends <paramref name="message"/> as <paramref name="user"/> through the dev Postfix (submission port, STARTTLS
    /// with the dev CA, signed in), which delivers it to the recipients' mailboxes: mail as a customer sends it.
    /// </summary>
    public static async Task SendAsync(string user, MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Services()["CC_MAIL_CA"]));
        using var smtp = new MailKit.Net.Smtp.SmtpClient
        {
            ServerCertificateValidationCallback = (_, certificate, _, _) => IsIssuedBy(certificate, ca),
        };
        await smtp.ConnectAsync(Host, Port("CC_MAIL_SUBMISSION_PORT"), SecureSocketOptions.StartTls);
        await smtp.AuthenticateAsync(AddressOf(user), PasswordOf(user));
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(quit: true);
    }

    /// <summary>Whether the server's certificate was issued by the dev CA (the test services' own).</summary>
    public static bool IsIssuedBy(System.Security.Cryptography.X509Certificates.X509Certificate? certificate, System.Security.Cryptography.X509Certificates.X509Certificate2 ca)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        using var leaf = new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(quit: true);
        }

        _client.Dispose();
    }

    /// <summary>
    /// A test message that is counted by its Message-ID <c>&lt;n.run@fetch.test&gt;</c> (and the same marker in the
    /// subject and <c>X-Test-Id</c>), with a text body of about <paramref name="size"/> bytes that differs from message to message.
    /// </summary>
    public static MimeMessage Message(string run, int number, int size = 2_000)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress($"Customer {number % 20}", $"customer{number % 20}@customers.example"));
        message.To.Add(new MailboxAddress("Support", "support@fetch.test"));
        message.Subject = $"Question {run} {number}";
        message.MessageId = MessageIdOf(run, number);
        message.Date = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero).AddSeconds(number);
        message.Headers.Add("X-Test-Id", $"{run}.{number}");
        var body = new StringBuilder(size + 100);
        body.Append(CultureInfo.InvariantCulture, $"Message {number} of run {run}.\r\n");
        var random = new Random(number);
        while (body.Length < size)
        {
            body.Append(CultureInfo.InvariantCulture, $"Line {random.Next():x8} of the customer's long story about an order.\r\n");
        }

        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    /// <summary>The Message-ID of <see cref="Message"/> without angle brackets.</summary>
    public static string MessageIdOf(string run, int number) => $"{number}.{run}@fetch.test";
}
