using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// The JSON object <c>mail inspect</c> prints for a message: what the product reads from it and every problem
/// found. Its fields and their order are fixed (operators and tests read them).
/// </summary>
public static partial class MessageInspection
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        // Operators read this; names and subjects in any script stay readable instead of becoming \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON object for <paramref name="message"/>.</summary>
    public static string ToJson(ReceivedMessage message)
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
            foreach (var problem in message.Problems)
            {
                json.WriteStringValue(problem.Message);
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
            json.WriteString("name", string.IsNullOrEmpty(address.Name) ? null : address.Name);
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
