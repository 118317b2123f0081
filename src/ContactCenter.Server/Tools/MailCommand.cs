using ContactCenter.Mail.Messages;

namespace ContactCenter.Server.Tools;

/// <summary>
/// <c>mail inspect &lt;file.eml&gt;</c>: prints what <see cref="MessageReader"/> (MimeKit and our tolerant layer) reads from a raw or quarantined message as one JSON
/// object. A message over a parser limit still prints what could be read, with the limit in <c>errors</c>; the exit
/// code is 0 unless the file cannot be read (1) or the command is used wrongly (2).
/// </summary>
public static class MailCommand
{
    private const string Usage = "usage: mail inspect <file.eml>";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length != 2 || args[0] != "inspect")
        {
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        ReceivedMessage message;
        try
        {
            await using var file = new FileStream(args[1], FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            message = await MessageReader.LoadAsync(file, MimeLimits.Default, LimitHandling.Report, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"mail inspect: cannot read '{args[1]}': {e.Message}");
            return 1;
        }

        await stdout.WriteLineAsync(MessageInspection.ToJson(message));
        return 0;
    }
}
