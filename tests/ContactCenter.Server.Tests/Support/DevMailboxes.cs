using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace ContactCenter.Server.Tests.Support;

/// <summary>
/// Prepares and inspects mailboxes of the dev Dovecot for the fetch tests: folders, appended mail, keywords; and submits
/// raw bytes through Postfix (SMTPS, signed in), so that hostile mail arrives as a mail server delivers it.
/// </summary>
internal static class DevMailboxes
{
    public static string Host => DevMailServices.Get("CC_MAIL_HOST");

    public static int ImapsPort => Port("CC_MAIL_IMAPS_PORT");

    public static int Pop3sPort => Port("CC_MAIL_POP3S_PORT");

    public static string PasswordOf(string user) => user + DevMailServices.Get("CC_MAIL_PASSWORD_SUFFIX");

    /// <summary>A folder name no other test run uses.</summary>
    public static string NewFolder(string prefix = "f") => $"{prefix}{Guid.NewGuid():N}"[..16];

    /// <summary>Creates <paramref name="folder"/> (if missing) and appends the messages to it.</summary>
    public static async Task AppendAsync(string user, string folder, IEnumerable<MimeMessage> messages)
    {
        using var imap = await ConnectAsync(user);
        var target = (await FolderAsync(imap, folder, create: true))!;
        foreach (var chunk in messages.Chunk(200))
        {
            await target.AppendAsync([.. chunk.Select(m => new AppendRequest(m))]);
        }

        await imap.DisconnectAsync(true);
    }

    /// <summary>Creates <paramref name="folder"/> if it is missing.</summary>
    public static async Task CreateAsync(string user, string folder)
    {
        using var imap = await ConnectAsync(user);
        await FolderAsync(imap, folder, create: true);
        await imap.DisconnectAsync(true);
    }

    /// <summary>Deletes every message of the folder (e.g. a POP3 maildrop's INBOX before a test).</summary>
    public static async Task EmptyAsync(string user, string folder)
    {
        using var imap = await ConnectAsync(user);
        var target = (await FolderAsync(imap, folder, create: true))!;
        await target.OpenAsync(FolderAccess.ReadWrite);
        if (target.Count > 0)
        {
            await target.AddFlagsAsync(new UniqueIdRange(UniqueId.MinValue, UniqueId.MaxValue), MessageFlags.Deleted, silent: true);
            await target.ExpungeAsync();
        }

        await imap.DisconnectAsync(true);
    }

    /// <summary>The keywords of every message in the folder, oldest first; null when the folder does not exist.</summary>
    public static async Task<IReadOnlyList<IReadOnlySet<string>>?> KeywordsAsync(string user, string folder)
    {
        using var imap = await ConnectAsync(user);
        var target = await FolderAsync(imap, folder, create: false);
        if (target is null)
        {
            return null;
        }

        await target.OpenAsync(FolderAccess.ReadOnly);
        var summaries = target.Count == 0 ? [] : await target.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId);
        await imap.DisconnectAsync(true);
        return [.. summaries.OrderBy(s => s.UniqueId.Id).Select(s => (IReadOnlySet<string>)s.Keywords.ToHashSet(StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>
    /// Submits <paramref name="raw"/> unchanged (but for SMTP's dot-stuffing and a final line break) to <paramref name="recipient"/>
    /// through Postfix; true when Postfix accepted it.
    /// </summary>
    public static async Task<bool> SubmitAsync(string user, string recipient, byte[] raw)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(DevMailServices.Get("CC_MAIL_CA")));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Host, Port("CC_MAIL_SMTPS_PORT"));
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => IsIssuedBy(certificate, ca));
        await tls.AuthenticateAsClientAsync("localhost");
        using var reader = new SmtpReplies(tls);
        await reader.ExpectAsync(220);
        await reader.CommandAsync("EHLO test.cc.test", 250);
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}@cc.test\0{PasswordOf(user)}"));
        await reader.CommandAsync("AUTH PLAIN " + plain, 235);
        await reader.CommandAsync($"MAIL FROM:<{user}@cc.test> BODY=8BITMIME", 250);
        await reader.CommandAsync($"RCPT TO:<{recipient}>", 250);
        await reader.CommandAsync("DATA", 354);
        await tls.WriteAsync(DotStuffed(raw));
        var accepted = await reader.ReplyAsync() == 250;
        await reader.CommandAsync("QUIT", 221);
        return accepted;
    }

    private static byte[] DotStuffed(byte[] raw)
    {
        using var data = new MemoryStream(raw.Length + 1024);
        var lineStart = true;
        foreach (var b in raw)
        {
            if (lineStart && b == (byte)'.')
            {
                data.WriteByte((byte)'.');
            }

            data.WriteByte(b);
            lineStart = b == (byte)'\n';
        }

        if (!lineStart)
        {
            data.Write("\r\n"u8);
        }

        data.Write(".\r\n"u8);
        return data.ToArray();
    }

    private static async Task<ImapClient> ConnectAsync(string user)
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(DevMailServices.Get("CC_MAIL_CA")));
        var imap = new ImapClient { ServerCertificateValidationCallback = (_, certificate, _, _) => IsIssuedBy(certificate, ca) };
        await imap.ConnectAsync(Host, ImapsPort, SecureSocketOptions.SslOnConnect);
        await imap.AuthenticateAsync($"{user}@cc.test", PasswordOf(user));
        return imap;
    }

    private static async Task<IMailFolder?> FolderAsync(ImapClient imap, string folder, bool create)
    {
        if (string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return imap.Inbox;
        }

        var root = imap.GetFolder(imap.PersonalNamespaces[0]);
        try
        {
            return await imap.GetFolderAsync(folder);
        }
        catch (FolderNotFoundException) when (create)
        {
            return await root.CreateAsync(folder, isMessageFolder: true);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether the dev CA issued the server's certificate.</summary>
    public static bool IsIssuedBy(X509Certificate? certificate, X509Certificate2 ca) => ContactCenter.Testing.TestMailbox.IsIssuedBy(certificate, ca);

    private static int Port(string key) => int.Parse(DevMailServices.Get(key), CultureInfo.InvariantCulture);

    /// <summary>Reads SMTP replies (multi-line ones too) and checks their codes.</summary>
    private sealed class SmtpReplies(Stream stream) : IDisposable
    {
        private readonly StreamReader _reader = new(stream, Encoding.ASCII, false, 1024, leaveOpen: true);

        public async Task<int> ReplyAsync()
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync() ?? throw new IOException("The SMTP server closed the connection.");
                if (line.Length < 4 || line[3] != '-')
                {
                    return int.Parse(line.AsSpan(0, 3), CultureInfo.InvariantCulture);
                }
            }
        }

        public void Dispose() => _reader.Dispose();

        public async Task ExpectAsync(int code) => Assert.Equal(code, await ReplyAsync());

        public async Task CommandAsync(string command, int code)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            await ExpectAsync(code);
        }
    }
}
