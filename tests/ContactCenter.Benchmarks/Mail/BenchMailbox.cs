using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ContactCenter.Benchmarks.Mail;

/// <summary>
/// The local Dovecot from infra/dev/services.d/mail.sh and the bench user's Maildir, filled by writing message files
/// directly (LMTP delivery manages only about a hundred messages a second).
/// </summary>
public static class BenchMailbox
{
    public const string User = "bench@cc.test";
    public const string Password = "bench-secret";

    public static IReadOnlyDictionary<string, string> Services()
    {
        string devDir = Environment.GetEnvironmentVariable("CC_DEV_DIR") is { Length: > 0 } d ? d : "/tmp/contactcenter-dev";
        string file = Path.Combine(devDir, "mail", "services.env");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} is missing: start the mail services with 'infra/dev/services.d/mail.sh start'.");
        }

        return File.ReadAllLines(file).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>Makes INBOX hold exactly <paramref name="count"/> messages of about <paramref name="size"/> bytes; returns their total size.</summary>
    public static long EnsureFilled(int count, int size)
    {
        var services = Services();
        string maildir = Path.Combine(services["CC_MAIL_MAILDIRS"], "cc.test", "bench", "Maildir");
        string marker = Path.Combine(maildir, $"bench-{count}x{size}");
        if (File.Exists(marker))
        {
            return long.Parse(File.ReadAllText(marker), CultureInfo.InvariantCulture);
        }

        if (Directory.Exists(maildir))
        {
            Directory.Delete(maildir, recursive: true);
        }

        foreach (var sub in new[] { "cur", "new", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }

        var random = new Random(7);
        var payload = new byte[size * 3 / 4];
        long total = 0;
        long stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (int i = 1; i <= count; i++)
        {
            random.NextBytes(payload);
            string b64 = Convert.ToBase64String(payload, Base64FormattingOptions.InsertLineBreaks);
            string text = $"From: sender{i % 50}@example.org\r\nTo: bench@cc.test\r\nSubject: Benchmark message {i}\r\n" +
                $"Date: Wed, 02 Dec 2026 04:00:00 +0100\r\nMessage-ID: <bench.{i}@cc.test>\r\nMIME-Version: 1.0\r\n" +
                "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n";
            var bytes = Encoding.ASCII.GetBytes(text);
            total += bytes.Length;
            // Maildir name: time.unique.host, then ":2," and no flags; S= tells Dovecot the size without a stat.
            File.WriteAllBytes(Path.Combine(maildir, "cur", $"{stamp}.M{i}P1.bench,S={bytes.Length}:2,"), bytes);
        }

        File.WriteAllText(marker, total.ToString(CultureInfo.InvariantCulture));
        // Dovecot delivers and reads as the 'mail' user.
        using var chown = Process.Start("chown", ["-R", $"{services["CC_MAIL_UID"]}:{services["CC_MAIL_GID"]}", Path.GetDirectoryName(maildir)!]);
        chown.WaitForExit();
        return total;
    }
}
