using System.Text;
using MimeKit;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// Bytes to text where MimeKit would guess or give up: an unknown or missing charset falls back to UTF-8 when the
/// bytes are valid UTF-8 and to windows-1252 otherwise (what unlabelled European mail almost always is), and a
/// "us-ascii" label on UTF-8 bytes is read as UTF-8. Known charsets are MimeKit's.
/// </summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>windows-1252, registered with the code-page provider on first use.</summary>
    public static Encoding Windows1252 { get; } = RegisterCodePages();


    /// <summary>Decodes <paramref name="bytes"/> labelled <paramref name="charset"/>; <paramref name="known"/> is false when the label was not understood.</summary>
    public static string Decode(byte[] bytes, string? charset, out bool known)
    {
        known = true;
        var name = charset?.Trim().Trim('"', '\'').Trim();
        if (bytes.Length == 0)
        {
            return string.Empty;
        }

        if (string.IsNullOrEmpty(name) || IsAsciiOrUtf8(name))
        {
            return Utf8OrWindows1252(bytes);
        }

        try
        {
            return Encoding.GetEncoding(name).GetString(bytes);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Not a name .NET knows; MimeKit's table below knows more aliases.
        }

        try
        {
            // MimeKit's charset table (aliases, UTF-7, the CJK code pages) decides what the label means.
            var part = new TextPart("plain") { Content = new MimeContent(new MemoryStream(bytes, writable: false)) };
            return part.GetText(name);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            known = false;
            return Utf8OrWindows1252(bytes);
        }
    }

    /// <summary>ASCII or valid UTF-8 as such, anything else as windows-1252.</summary>
    public static string Utf8OrWindows1252(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? StrictUtf8.GetString(bytes) : Windows1252.GetString(bytes);

    private static bool IsAsciiOrUtf8(string name) =>
        name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || name.Equals("ascii", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Registers the code pages before MimeKit looks at them: MimeKit probes every charset once, when its charset
    /// table is first built, and maps what is missing then (ISO-2022-JP, the windows-125x pages) to a fallback for
    /// the rest of the process.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "The registration must precede MimeKit's first use in the process, whoever makes it.")]
    internal static void RegisterBeforeMimeKit() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
