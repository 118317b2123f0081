using System.Text;

namespace ContactCenter.Mail.Tests.Support;

/// <summary>
/// The large hostile inputs, generated rather than committed: a million tiny parts, 100 k header lines, deep
/// nesting, and inputs that would be quadratic for a naive parser. Their names match the golden files
/// TestData/Inspect/hostile-*.json; TestData/Inspect/hostile-inputs.sha256 holds the hash of each generated input.
/// </summary>
public static class HostileMessages
{
    public static IReadOnlyDictionary<string, Func<byte[]>> All { get; } = new Dictionary<string, Func<byte[]>>
    {
        ["million-parts"] = MillionParts,
        ["hundred-thousand-parts"] = HundredThousandParts,
        ["hundred-thousand-headers"] = () => ManyHeaders(100_000),
        ["nested-multiparts-100000"] = () => Nested(100_000),
        ["nested-multiparts-3000"] = () => Nested(3_000),
        ["nested-messages-100000"] = NestedMessages,
        ["trap-encoded-word-starts"] = () => Trap("Subject: " + Repeat("=?", 400_000)),
        ["trap-unclosed-encoded-words"] = () => Trap("Subject: " + Repeat("=?utf-8?Q?", 100_000)),
        ["trap-unclosed-comments"] = () => Trap("From: " + Repeat("(", 400_000) + "a@b"),
        ["trap-nested-comments"] = () => Trap("From: " + Repeat("(", 200_000) + Repeat(")", 200_000) + " a@b"),
        ["trap-unclosed-angle-brackets"] = () => Trap("References: " + Repeat("<", 400_000)),
        ["trap-many-address-separators"] = () => Trap("To: " + Repeat("a@b,", 200_000)),
        ["trap-parameters"] = () => Trap("Content-Type: text/plain" + Repeat("; a*0*=x", 100_000)),
        ["trap-unclosed-quotes"] = () => Trap("Content-Type: text/plain; format=\"" + Repeat("\\", 400_000)),
        ["trap-date-tokens"] = () => Trap("Date: " + Repeat("1 ", 400_000)),
        ["almost-boundaries"] = AlmostBoundaries,
        ["junk-base64"] = () => Ascii("Message-ID: <q@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Repeat("=!", 2_000_000)),
        ["junk-quoted-printable"] = () => Ascii("Message-ID: <q@x>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + Repeat("=!", 2_000_000)),
        ["long-body"] = () => Ascii("Message-ID: <s@x>\r\nSubject: big\r\n\r\n" + new string('z', 5000)),
    };

    public static byte[] MillionParts()
    {
        var text = new StringBuilder("Message-ID: <m@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n", 12_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            text.Append("--b\r\n\r\nx\r\n");
        }

        return Ascii(text.Append("--b--\r\n").ToString());
    }

    public static byte[] HundredThousandParts()
    {
        var text = new StringBuilder("Message-ID: <p@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("--b\r\nContent-Type: application/octet-stream\r\n\r\n").Append(i % 10).Append("\r\n");
        }

        return Ascii(text.Append("--b--\r\n").ToString());
    }

    public static byte[] ManyHeaders(int count)
    {
        var text = new StringBuilder("Message-ID: <h@x>\r\nSubject: many\r\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("X-Line-").Append(i).Append(": value ").Append(i).Append("\r\n");
        }

        return Ascii(text.Append("\r\nafter the headers").ToString());
    }

    public static byte[] Nested(int depth)
    {
        var text = new StringBuilder("Message-ID: <d@x>\r\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append("Content-Type: multipart/mixed; boundary=n").Append(i).Append("\r\n\r\n--n").Append(i).Append("\r\n");
        }

        text.Append("\r\ndeepest\r\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            text.Append("--n").Append(i).Append("--\r\n");
        }

        return Ascii(text.ToString());
    }

    public static byte[] NestedMessages()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("Message-ID: <n").Append(i).Append("@x>\r\nContent-Type: message/rfc822\r\n\r\n");
        }

        return Ascii(text.Append("Subject: innermost\r\n\r\nbody").ToString());
    }

    public static byte[] AlmostBoundaries() =>
        Ascii("Message-ID: <q@x>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n" + AlmostBoundaryBody + "--b--\r\n");

    /// <summary>300,000 lines that start like the boundary "b" and are not it.</summary>
    public static string AlmostBoundaryBody { get; } = Repeat("--bx\r\n--b-\r\n", 300_000);

    public static byte[] Trap(string header) => Ascii("Message-ID: <q@x>\r\n" + header + "\r\n\r\nbody");

    public static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
