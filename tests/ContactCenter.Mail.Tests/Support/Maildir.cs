namespace ContactCenter.Mail.Tests.Support;

/// <summary>Waits for Postfix → LMTP → Dovecot to deliver a message into a Maildir folder.</summary>
public static class Maildir
{
    /// <summary>Returns the delivered files of a Maildir folder once it holds at least <paramref name="count"/>.</summary>
    public static async Task<IReadOnlyList<string>> WaitForMessagesAsync(string folder, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var files = new[] { "new", "cur" }
                .Select(d => Path.Combine(folder, d))
                .Where(Directory.Exists)
                .SelectMany(Directory.GetFiles)
                .ToList();
            if (files.Count >= count)
            {
                return files;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} message(s) in {folder} but found {files.Count}; see the Postfix log under $CC_DEV_DIR/mail/postfix.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Removes a test's own Maildir++ folder (a folder is a directory; Dovecot forgets it when it is gone).</summary>
    public static void Remove(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
