using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Server.Tools;

/// <summary>
/// <c>mail inspect &lt;file.eml&gt;</c>: prints what the parser reads from a raw or quarantined message as one JSON
/// object. A message over a parser limit still prints what could be read, with the limit in <c>errors</c>; the exit
/// code is 0 unless the file cannot be read (1) or the command is used wrongly (2).
/// </summary>
public static partial class MailCommand
{
    private const string Usage = "usage: mail inspect <file.eml>";

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        // Operators read this; names and subjects in any script stay readable instead of becoming \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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

        MimeMessage message;
        try
        {
            await using var file = new FileStream(args[1], FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            message = await MimeMessage.LoadAsync(file, MimeParserOptions.Default with { ThrowOnLimitExceeded = false }, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"mail inspect: cannot read '{args[1]}': {e.Message}");
            return 1;
        }

        await stdout.WriteLineAsync(ToJson(message));
        return 0;
    }

    /// <summary>The JSON object <c>mail inspect</c> prints for a message.</summary>
    public static string ToJson(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("messageId", message.MessageId);
            json.WriteString("subject", message.Subject);
            WriteAddresses(json, "from", message.From);
            WriteAddresses(json, "to", message.To);
            WriteAddresses(json, "cc", message.Cc);
            WriteAddresses(json, "replyTo", message.ReplyTo);
            json.WriteString("date", message.Date?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            json.WriteString("inReplyTo", message.InReplyTo);
            json.WriteStartArray("references");
            foreach (var id in message.References)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteString("text", message.TextBody ?? HtmlToText(message.HtmlBody) ?? string.Empty);
            json.WriteString("html", message.HtmlBody);
            json.WriteStartArray("attachments");
            foreach (var attachment in message.Attachments)
            {
                json.WriteStartObject();
                json.WriteString("fileName", attachment.FileName);
                json.WriteString("contentType", attachment.ContentType);
                json.WriteNumber("size", attachment.Size);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("errors");
            foreach (var error in message.Errors)
            {
                json.WriteStringValue(error.Message);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteAddresses(Utf8JsonWriter json, string name, IReadOnlyList<MailboxAddress> addresses)
    {
        json.WriteStartArray(name);
        foreach (var address in addresses)
        {
            json.WriteStartObject();
            json.WriteString("name", address.Name);
            json.WriteString("address", address.Address);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A readable text for HTML-only mail: scripts and styles dropped, block ends as line breaks, tags removed, entities decoded.</summary>
    private static string? HtmlToText(string? html)
    {
        if (html is null)
        {
            return null;
        }

        var text = HiddenElements().Replace(html, string.Empty);
        text = BlockEnds().Replace(text, "\n");
        text = Tags().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text);
        return BlankLines().Replace(text, "\n\n").Trim();
    }

    [GeneratedRegex("<(script|style|head)\\b.*?</\\1\\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 2000)]
    private static partial Regex HiddenElements();

    [GeneratedRegex("<(br|/p|/div|/li|/tr|/h[1-6])\\b[^>]*>", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 2000)]
    private static partial Regex BlockEnds();

    [GeneratedRegex("<[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Tags();

    [GeneratedRegex("\\n\\s*\\n\\s*(\\n\\s*)+", RegexOptions.None, matchTimeoutMilliseconds: 2000)]
    private static partial Regex BlankLines();
}
