using System.Text;
using ContactCenter.Mail.Mime;

namespace ContactCenter.Mail.Tests.Mime;

/// <summary>Builds test input: message text with CRLF line breaks, parsed with lenient or default options.</summary>
internal static class Messages
{
    public static MimeParserOptions Lenient { get; } = new() { ThrowOnLimitExceeded = false };

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    public static MimeMessage Parse(string text, MimeParserOptions? options = null) => MimeMessage.Parse(Bytes(text), options);

    public static MimeMessage Parse(byte[] bytes, MimeParserOptions? options = null) => MimeMessage.Parse(bytes, options);

    public static string Read(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
