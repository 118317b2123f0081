using System.Text;

namespace ContactCenter.Mail.Net;

/// <summary>Checks and encodings shared by the protocol clients.</summary>
internal static class MailText
{
    /// <summary>Refuses CR, LF and NUL: such a value would end the protocol line and inject a command.</summary>
    /// <exception cref="ArgumentException">The value holds CR, LF or NUL.</exception>
    public static void RequireSingleLine(string value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException($"The value of {parameterName} contains CR, LF or NUL, which could inject protocol commands.", parameterName);
        }
    }

    public static bool IsAscii(string value) => Ascii.IsValid(value);

    /// <summary>SASL PLAIN initial response (RFC 4616): authzid NUL authcid NUL passwd, base64.</summary>
    public static string SaslPlain(PasswordCredentials credentials) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + credentials.UserName + "\0" + credentials.Password));

    /// <summary>SASL XOAUTH2 initial response: "user=" u ^A "auth=Bearer " token ^A ^A, base64.</summary>
    public static string SaslXOAuth2(OAuth2Credentials credentials) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("user=" + credentials.UserName + "\u0001auth=Bearer " + credentials.AccessToken + "\u0001\u0001"));

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Decodes a server line for messages and parsing; invalid UTF-8 becomes U+FFFD rather than failing.</summary>
    public static string Decode(ReadOnlySpan<byte> line) => Encoding.UTF8.GetString(line);
}
