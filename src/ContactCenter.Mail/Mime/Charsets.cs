using System.Collections.Concurrent;
using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// Maps MIME charset names to decoders. Legacy code pages come from <see cref="CodePagesEncodingProvider"/>;
/// unknown names never throw: bytes are then read as UTF-8 when valid, else as windows-1252.
/// </summary>
public static class Charsets
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly ConcurrentDictionary<string, Encoding?> Cache = new(StringComparer.OrdinalIgnoreCase);

    // Names mail software writes that .NET does not know, mapped to what they mean in practice.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf8"] = "utf-8",
        ["latin1"] = "iso-8859-1",
        ["latin-1"] = "iso-8859-1",
        ["cp1250"] = "windows-1250",
        ["cp1251"] = "windows-1251",
        ["cp1252"] = "windows-1252",
        ["cp1253"] = "windows-1253",
        ["cp1254"] = "windows-1254",
        ["cp1255"] = "windows-1255",
        ["cp1256"] = "windows-1256",
        ["cp1257"] = "windows-1257",
        ["cp1258"] = "windows-1258",
        ["cp932"] = "shift_jis",
        ["sjis"] = "shift_jis",
        ["x-sjis"] = "shift_jis",
        ["cp936"] = "gbk",
        ["cp949"] = "ks_c_5601-1987",
        ["cp950"] = "big5",
        ["ks_c_5601"] = "ks_c_5601-1987",
        ["x-euc-jp"] = "euc-jp",
        ["iso-8859-8-i"] = "iso-8859-8",
        ["ansi_x3.4-1968"] = "us-ascii",
        ["ascii"] = "us-ascii",
        ["646"] = "us-ascii",
    };

    /// <summary>windows-1252, the fallback for 8-bit bytes that are not UTF-8.</summary>
    public static Encoding Windows1252 { get; } = RegisterCodePages();

    /// <summary>The encoding for a MIME charset name, or null when the name is unknown. Never throws.</summary>
    public static Encoding? GetEncoding(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        var name = charset.Trim().Trim('"', '\'').Trim();
        return Cache.GetOrAdd(name, static n => Lookup(n));
    }

    /// <summary>True when the name is UTF-7, which .NET no longer decodes and this library decodes itself.</summary>
    internal static bool IsUtf7(string? charset) =>
        charset is not null && (charset.Trim().Equals("utf-7", StringComparison.OrdinalIgnoreCase) || charset.Trim().Equals("unicode-1-1-utf-7", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Decodes <paramref name="bytes"/> in <paramref name="charset"/>. A missing, US-ASCII or unknown charset
    /// decodes as UTF-8 when the bytes are valid UTF-8, else as windows-1252 (mislabelled 8-bit mail is common).
    /// </summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="charset">The declared charset, or null.</param>
    /// <param name="known">False when a charset was declared but not recognised.</param>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset, out bool known)
    {
        known = true;
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (IsUtf7(charset))
        {
            return Utf7.Decode(bytes);
        }

        var encoding = GetEncoding(charset);
        if (encoding is null && !string.IsNullOrWhiteSpace(charset))
        {
            known = false;
        }

        if (encoding is null || encoding.CodePage is 20127 or 65001)
        {
            return DecodeUtf8OrLatin(bytes);
        }

        return encoding.GetString(bytes);
    }

    /// <summary>Decodes <paramref name="bytes"/> in <paramref name="charset"/>, falling back as <see cref="Decode(ReadOnlySpan{byte}, string?, out bool)"/> does.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset) => Decode(bytes, charset, out _);

    /// <summary>Decodes raw 8-bit bytes (headers, unlabelled bodies): UTF-8 when valid, else windows-1252.</summary>
    public static string DecodeUtf8OrLatin(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Ascii.IsValid(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return StrictUtf8.GetString(bytes);
        }

        return Windows1252.GetString(bytes);
    }

    private static Encoding RegisterCodePages()
    {
        // Field initialisers run in text order, so registration happens here, before the first lookup.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private static Encoding? Lookup(string name)
    {
        if (Aliases.TryGetValue(name, out var alias))
        {
            name = alias;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            // Unknown charset names are common in real mail (x-user-defined, "unknown-8bit", typos).
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
