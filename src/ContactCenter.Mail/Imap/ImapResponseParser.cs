using System.Text;
using ContactCenter.Mail.Net;

namespace ContactCenter.Mail.Imap;

/// <summary>
/// Turns one response — its lines and the literals between them — into an <see cref="ImapResponse"/>
/// (RFC 3501 section 9 grammar, leniently: servers are not always exact).
/// </summary>
internal sealed class ImapResponseParser
{
    private const int MaxDepth = 100;
    private readonly IReadOnlyList<byte[]> _lines;
    private readonly IReadOnlyList<byte[]?> _literals;
    private int _line;
    private int _pos;

    private ImapResponseParser(IReadOnlyList<byte[]> lines, IReadOnlyList<byte[]?> literals)
    {
        _lines = lines;
        _literals = literals;
    }

    /// <summary>Parses a response; line i is followed by literal i when the line ended with "{n}".</summary>
    /// <exception cref="MailProtocolException">The response is malformed.</exception>
    public static ImapResponse Parse(IReadOnlyList<byte[]> lines, IReadOnlyList<byte[]?> literals) =>
        new ImapResponseParser(lines, literals).ParseResponse();

    private ReadOnlySpan<byte> Current => _lines[_line];

    private ImapResponse ParseResponse()
    {
        string tag = ReadWord();
        if (tag.Length == 0)
        {
            throw Error("empty tag");
        }

        if (tag == "+")
        {
            return new ImapResponse { Tag = tag, Text = RestOfLine() };
        }

        SkipSpaces();
        // Status responses: tagged always; untagged OK/NO/BAD/BYE/PREAUTH.
        int save = _pos;
        string word = ReadWord();
        var status = word.ToUpperInvariant() switch
        {
            "OK" => ImapStatus.Ok,
            "NO" => ImapStatus.No,
            "BAD" => ImapStatus.Bad,
            "BYE" => ImapStatus.Bye,
            "PREAUTH" => ImapStatus.PreAuth,
            _ => ImapStatus.None,
        };
        if (status != ImapStatus.None)
        {
            SkipSpaces();
            string? code = null;
            string arguments = string.Empty;
            if (_pos < Current.Length && Current[_pos] == (byte)'[')
            {
                int close = Current[_pos..].IndexOf((byte)']');
                if (close < 0)
                {
                    throw Error("unterminated response code");
                }

                string inner = Encoding.UTF8.GetString(Current.Slice(_pos + 1, close - 1));
                _pos += close + 1;
                int space = inner.IndexOf(' ', StringComparison.Ordinal);
                code = (space < 0 ? inner : inner[..space]).ToUpperInvariant();
                arguments = space < 0 ? string.Empty : inner[(space + 1)..].Trim();
                SkipSpaces();
            }

            return new ImapResponse { Tag = tag, Status = status, Code = code, CodeArguments = arguments, Text = RestOfLine() };
        }

        if (tag != "*")
        {
            throw Error($"tagged response without status: {word}");
        }

        _pos = save;
        var values = new List<ImapValue>();
        while (true)
        {
            SkipSpaces();
            if (AtEndOfLine())
            {
                break;
            }

            values.Add(ReadValue(0));
        }

        return new ImapResponse { Tag = tag, Values = values };
    }

    private ImapValue ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("lists nested too deeply");
        }

        SkipSpaces();
        if (AtEndOfLine())
        {
            throw Error("unexpected end of response");
        }

        byte b = Current[_pos];
        switch (b)
        {
            case (byte)'(':
                _pos++;
                var items = new List<ImapValue>();
                while (true)
                {
                    SkipSpaces();
                    if (AtEndOfLine())
                    {
                        throw Error("unterminated list");
                    }

                    if (Current[_pos] == (byte)')')
                    {
                        _pos++;
                        return ImapValue.List(items);
                    }

                    items.Add(ReadValue(depth + 1));
                }

            case (byte)'"':
                return ReadQuoted();
            case (byte)'{':
                return ReadLiteral();
            case (byte)'~' when _pos + 1 < Current.Length && Current[_pos + 1] == (byte)'{':
                // RFC 3516 literal8.
                _pos++;
                return ReadLiteral();
            default:
                string atom = ReadAtom();
                if (atom.Length == 0)
                {
                    throw Error($"unexpected character '{(char)b}'");
                }

                return string.Equals(atom, "NIL", StringComparison.OrdinalIgnoreCase) ? ImapValue.Nil : ImapValue.Atom(atom);
        }
    }

    private ImapValue ReadQuoted()
    {
        _pos++;
        var bytes = new List<byte>();
        var line = Current;
        while (_pos < line.Length)
        {
            byte b = line[_pos++];
            if (b == (byte)'"')
            {
                return ImapValue.Quoted(Encoding.UTF8.GetString(bytes.ToArray()));
            }

            if (b == (byte)'\\' && _pos < line.Length)
            {
                b = line[_pos++];
            }

            bytes.Add(b);
        }

        throw Error("unterminated quoted string");
    }

    private ImapValue ReadLiteral()
    {
        // "{n}" (or "{n+}") ends the line; the literal's bytes follow, then the line goes on.
        var line = Current;
        int close = line[_pos..].IndexOf((byte)'}');
        if (close < 0 || _pos + close != line.Length - 1)
        {
            throw Error("literal marker not at the end of a line");
        }

        var literal = _literals[_line] ?? throw Error("literal without data");
        _line++;
        _pos = 0;
        if (_line >= _lines.Count)
        {
            throw Error("response ends inside a literal");
        }

        return ImapValue.Literal(literal);
    }

    private string ReadAtom()
    {
        // Atoms end at space, parentheses or the line end; "[...]" sections (BODY[HEADER.FIELDS (A B)]) are kept whole.
        var line = Current;
        int start = _pos;
        int bracket = 0;
        while (_pos < line.Length)
        {
            byte b = line[_pos];
            if (b == (byte)'[')
            {
                bracket++;
            }
            else if (b == (byte)']' && bracket > 0)
            {
                bracket--;
            }
            else if (bracket == 0 && (b == (byte)' ' || b == (byte)'(' || b == (byte)')' || b == (byte)'"' || b < 0x20))
            {
                break;
            }

            _pos++;
        }

        return Encoding.UTF8.GetString(line[start.._pos]);
    }

    private string ReadWord()
    {
        var line = Current;
        int start = _pos;
        while (_pos < line.Length && line[_pos] != (byte)' ')
        {
            _pos++;
        }

        return Encoding.ASCII.GetString(line[start.._pos]);
    }

    private string RestOfLine()
    {
        SkipSpaces();
        string text = Encoding.UTF8.GetString(Current[_pos..]);
        _pos = Current.Length;
        return text;
    }

    private void SkipSpaces()
    {
        var line = Current;
        while (_pos < line.Length && line[_pos] == (byte)' ')
        {
            _pos++;
        }
    }

    private bool AtEndOfLine() => _pos >= Current.Length;

    private MailProtocolException Error(string problem)
    {
        string line = Encoding.UTF8.GetString(_lines[Math.Min(_line, _lines.Count - 1)]);
        if (line.Length > 200)
        {
            line = line[..200] + "…";
        }

        return new MailProtocolException($"Malformed IMAP response ({problem}): \"{line}\"");
    }
}
