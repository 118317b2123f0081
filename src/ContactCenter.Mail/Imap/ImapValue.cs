using System.Globalization;
using System.Text;

namespace ContactCenter.Mail.Imap;

/// <summary>Kinds of values in an IMAP response (RFC 3501 section 4).</summary>
internal enum ImapValueKind
{
    Atom,
    String,
    Nil,
    List,
}

/// <summary>One value of a parsed IMAP response: an atom, a quoted string or literal, NIL or a parenthesised list.</summary>
internal sealed class ImapValue
{
    public static readonly ImapValue Nil = new(ImapValueKind.Nil, null, null, null);

    private string? _text;

    private ImapValue(ImapValueKind kind, string? text, byte[]? bytes, IReadOnlyList<ImapValue>? items)
    {
        Kind = kind;
        _text = text;
        Bytes = bytes;
        Items = items ?? [];
    }

    public ImapValueKind Kind { get; }

    /// <summary>The raw bytes of a string (literals keep their bytes; quoted strings are encoded as UTF-8).</summary>
    public byte[]? Bytes { get; }

    public IReadOnlyList<ImapValue> Items { get; }

    /// <summary>The text of an atom or string; null for NIL and lists.</summary>
    public string? Text => _text ??= Bytes is null ? null : Encoding.UTF8.GetString(Bytes);

    public static ImapValue Atom(string text) => new(ImapValueKind.Atom, text, null, null);

    public static ImapValue Quoted(string text) => new(ImapValueKind.String, text, null, null);

    public static ImapValue Literal(byte[] bytes) => new(ImapValueKind.String, null, bytes, null);

    public static ImapValue List(IReadOnlyList<ImapValue> items) => new(ImapValueKind.List, null, null, items);

    public bool IsAtom(string text) => Kind == ImapValueKind.Atom && string.Equals(Text, text, StringComparison.OrdinalIgnoreCase);

    /// <summary>The bytes of a string value (quoted strings as UTF-8); null for NIL.</summary>
    public byte[]? AsBytes() => Kind switch
    {
        ImapValueKind.String => Bytes ?? Encoding.UTF8.GetBytes(Text!),
        ImapValueKind.Nil => null,
        _ => throw new Net.MailProtocolException($"Expected a string in the IMAP response but found {this}."),
    };

    public uint AsNumber()
    {
        if (Kind == ImapValueKind.Atom && uint.TryParse(Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
        {
            return value;
        }

        throw new Net.MailProtocolException($"Expected a number in the IMAP response but found {this}.");
    }

    public override string ToString() => Kind switch
    {
        ImapValueKind.Nil => "NIL",
        ImapValueKind.List => "(" + string.Join(' ', Items) + ")",
        ImapValueKind.String when Bytes is not null => "{" + Bytes.Length.ToString(CultureInfo.InvariantCulture) + "}",
        ImapValueKind.String => "\"" + Text + "\"",
        _ => Text ?? string.Empty,
    };
}
