using System.Globalization;
using System.Text;

namespace ContactCenter.Mail.Tests.Support;

/// <summary>
/// Hand-built raw messages for the mail loop (the MIME writer is not used here, so these tests check transport
/// only: what goes in must come out byte for byte).
/// </summary>
public static class TestMessages
{
    public sealed record Built(byte[] Bytes, string MessageId, string Subject, string Text, byte[]? Attachment, string? AttachmentName);

    private static string EncodedWord(string text) =>
        Encoding.UTF8.GetByteCount(text) == text.Length ? text : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static string Base64Lines(byte[] data)
    {
        string b64 = Convert.ToBase64String(data);
        var text = new StringBuilder(b64.Length + (b64.Length / 76 * 2) + 2);
        for (int i = 0; i < b64.Length; i += 76)
        {
            text.Append(b64, i, Math.Min(76, b64.Length - i)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Headers(string from, string to, string subject, string messageId, string contentType) =>
        $"From: Frank Sender <{from}>\r\nTo: {to}\r\nSubject: {EncodedWord(subject)}\r\nDate: Wed, 02 Dec 2026 04:00:00 +0100\r\n" +
        $"Message-ID: <{messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: {contentType}\r\n";

    /// <summary>A text/plain message, 8-bit UTF-8 (Postfix announces 8BITMIME and Dovecot keeps the bytes).</summary>
    public static Built Text(string from, string to, string subject, string text)
    {
        string id = Guid.NewGuid().ToString("N") + "@tests.cc.test";
        string raw = Headers(from, to, subject, id, "text/plain; charset=utf-8") + "Content-Transfer-Encoding: 8bit\r\n\r\n" + text;
        return new Built(Encoding.UTF8.GetBytes(raw), id, subject, text, null, null);
    }

    /// <summary>multipart/mixed with a text part and a base64 attachment.</summary>
    public static Built WithAttachment(string from, string to, string subject, string text, byte[] attachment, string fileName, string contentType)
    {
        string id = Guid.NewGuid().ToString("N") + "@tests.cc.test";
        string boundary = "=_b" + Guid.NewGuid().ToString("N");
        var raw = new StringBuilder()
            .Append(Headers(from, to, subject, id, $"multipart/mixed; boundary=\"{boundary}\""))
            .Append("\r\nThis is a multi-part message in MIME format.\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: {contentType}; name=\"{fileName}\"\r\nContent-Transfer-Encoding: base64\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Disposition: attachment; filename=\"{fileName}\"\r\n\r\n")
            .Append(Base64Lines(attachment))
            .Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n");
        return new Built(Encoding.UTF8.GetBytes(raw.ToString()), id, subject, text, attachment, fileName);
    }

    /// <summary>multipart/related: an HTML body showing an inline image by Content-ID.</summary>
    public static Built WithInlineImage(string from, string to, string subject, string html, byte[] image, string contentId)
    {
        string id = Guid.NewGuid().ToString("N") + "@tests.cc.test";
        string boundary = "=_r" + Guid.NewGuid().ToString("N");
        var raw = new StringBuilder()
            .Append(Headers(from, to, subject, id, $"multipart/related; boundary=\"{boundary}\"; type=\"text/html\""))
            .Append(CultureInfo.InvariantCulture, $"\r\n--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n")
            .Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <{contentId}>\r\n")
            .Append("Content-Disposition: inline; filename=\"logo.png\"\r\n\r\n")
            .Append(Base64Lines(image))
            .Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n");
        return new Built(Encoding.UTF8.GetBytes(raw.ToString()), id, subject, html, image, "logo.png");
    }

    /// <summary>Pulls the base64 attachment back out of a received message (the part after the last "\r\n\r\n" of its part).</summary>
    public static byte[] ExtractBase64Part(byte[] received, string fileName)
    {
        string text = Encoding.UTF8.GetString(received);
        int disposition = text.IndexOf($"filename=\"{fileName}\"", StringComparison.Ordinal);
        int start = text.IndexOf("\r\n\r\n", disposition, StringComparison.Ordinal) + 4;
        int end = text.IndexOf("\r\n--", start, StringComparison.Ordinal);
        return Convert.FromBase64String(text[start..end].Replace("\r\n", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>A small valid PNG (1×1, red).</summary>
    public static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /// <summary>Deterministic pseudo-random bytes (incompressible, every byte value present).</summary>
    public static byte[] Random(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
