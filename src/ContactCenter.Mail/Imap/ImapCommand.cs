using System.Globalization;
using System.Text;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Imap;

/// <summary>
/// Builds one IMAP command line (RFC 3501 section 9): atoms, quoted strings, and literals that the engine sends
/// synchronised ("{n}" then wait for "+") or, with LITERAL+ (RFC 7888), at once ("{n+}").
/// </summary>
internal sealed class ImapCommand
{
    private readonly List<object> _parts = [];
    private readonly StringBuilder _text = new();

    public ImapCommand(string name)
    {
        Name = name;
        _text.Append(name);
    }

    /// <summary>The command verb, used in error messages (arguments may hold secrets and are never shown).</summary>
    public string Name { get; }

    /// <summary>Text and literal (byte[]) parts in order.</summary>
    public IReadOnlyList<object> Parts
    {
        get
        {
            Seal();
            return _parts;
        }
    }

    /// <summary>Appends a space and raw protocol text (atoms, numbers, sets, flag lists) built by the client itself.</summary>
    public ImapCommand Raw(string text)
    {
        MailText.RequireSingleLine(text, nameof(text));
        _text.Append(' ').Append(text);
        return this;
    }

    public ImapCommand Number(uint value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Appends an astring: an atom when possible, a quoted string for other ASCII, a literal otherwise.</summary>
    public ImapCommand String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _text.Append(' ');
        if (value.Length > 0 && value.All(IsAtomChar))
        {
            _text.Append(value);
        }
        else if (value.Length < 1024 && value.All(c => c is >= ' ' and <= '~'))
        {
            _text.Append('"');
            foreach (char c in value)
            {
                if (c is '"' or '\\')
                {
                    _text.Append('\\');
                }

                _text.Append(c);
            }

            _text.Append('"');
        }
        else
        {
            // Literals carry any bytes, including CR and LF, without ending the command (RFC 3501 section 4.3).
            Literal(Encoding.UTF8.GetBytes(value));
        }

        return this;
    }

    /// <summary>Appends a space and a literal.</summary>
    public ImapCommand Literal(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_text.Length > 0 && _text[^1] != ' ')
        {
            _text.Append(' ');
        }

        Seal();
        _parts.Add(data);
        return this;
    }

    private void Seal()
    {
        if (_text.Length > 0)
        {
            _parts.Add(_text.ToString());
            _text.Clear();
        }
    }

    // RFC 3501 section 9: ATOM-CHAR is any CHAR except atom-specials ( ) { SP CTL % * " \ ]; we also avoid '['.
    private static bool IsAtomChar(char c) => c is > ' ' and < (char)0x7F and not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']' or '[');
}
