using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The request token and the places it travels in: our outgoing Message-IDs (<c>&lt;cc.TOKEN.RANDOM@domain&gt;</c>),
/// <c>local+TOKEN@domain</c> reply addresses, and the subject tag <c>[#number]</c> (which carries the number, not the
/// token, so it is trusted only together with the sender; see the threading rules).
/// </summary>
public static partial class RequestTokens
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new token: 16 characters of lower-case base32, 80 random bits.</summary>
    public static string NewToken() => Random(Data.Tenant.Request.TokenLength);

    /// <summary>A Message-ID (without angle brackets) for an outgoing message of the request with <paramref name="token"/>.</summary>
    public static string NewMessageId(string token, string domain) => $"cc.{token}.{Random(12)}@{domain}";

    /// <summary>The token an id of ours carries (from In-Reply-To or References), if it is one of ours.</summary>
    public static bool TryReadMessageId(string? messageId, [NotNullWhen(true)] out string? token) =>
        TryMatch(MessageIdPattern(), messageId, out token);

    /// <summary><c>local+token@domain</c> for the address <c>local@domain</c>.</summary>
    public static string ReplyAddress(string address, string token)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        return at <= 0 ? address : $"{address[..at]}+{token}{address[at..]}";
    }

    /// <summary>The token a <c>local+token@domain</c> address carries.</summary>
    public static bool TryReadAddress(string? address, [NotNullWhen(true)] out string? token) =>
        TryMatch(AddressPattern(), address, out token);

    /// <summary>The subject tag of request number <paramref name="number"/>: <c>[#1234]</c>.</summary>
    public static string SubjectTag(long number) => "[#" + number.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The number of the first subject tag <c>[#n]</c> in a subject.</summary>
    public static bool TryReadSubjectTag(string? subject, out long number)
    {
        number = 0;
        var match = subject is null ? null : SubjectTagPattern().Match(subject);
        return match is { Success: true } && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static bool TryMatch(Regex pattern, string? value, [NotNullWhen(true)] out string? token)
    {
        var match = value is null ? null : pattern.Match(value);
        token = match is { Success: true } ? match.Groups[1].Value.ToLowerInvariant() : null;
        return token is not null;
    }

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    [GeneratedRegex(@"^<?cc\.([a-z2-7]{16})\.[a-z2-7]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdPattern();

    [GeneratedRegex(@"^[^@+\s]+\+([a-z2-7]{16})@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"\[#(\d{1,18})\]", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectTagPattern();
}
