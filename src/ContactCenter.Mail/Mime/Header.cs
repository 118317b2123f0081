using System.Collections;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// One header field as it was in the message (RFC 5322 §2.2): its raw bytes are kept, and its value is offered
/// unfolded (§2.2.3) and with 8-bit bytes read as UTF-8 or, failing that, windows-1252.
/// </summary>
public sealed class Header
{
    private string? _value;

    internal Header(string name, ReadOnlyMemory<byte> rawValue)
    {
        Name = name;
        RawValue = rawValue;
    }

    /// <summary>The field name as written (case kept).</summary>
    public string Name { get; }

    /// <summary>The bytes after the colon up to the end of the field, folding line breaks included.</summary>
    public ReadOnlyMemory<byte> RawValue { get; }

    /// <summary>The unfolded value, surrounding whitespace trimmed; encoded words are not decoded.</summary>
    public string Value => _value ??= Unfold(RawValue.Span);

    /// <summary>The value with RFC 2047 encoded words decoded; for unstructured fields such as Subject.</summary>
    public string DecodedValue => EncodedWords.Decode(Value);

    /// <inheritdoc />
    public override string ToString() => Name + ": " + Value;

    private static string Unfold(ReadOnlySpan<byte> raw)
    {
        raw = raw.Trim(" \t\r\n"u8);
        if (raw.IndexOfAny("\r\n"u8) < 0)
        {
            return Charsets.DecodeUtf8OrLatin(raw);
        }

        // §2.2.3: unfolding removes the CRLF in front of whitespace; the whitespace itself stays.
        var buffer = new byte[raw.Length];
        var n = 0;
        foreach (var b in raw)
        {
            if (b is not ((byte)'\r' or (byte)'\n'))
            {
                buffer[n++] = b;
            }
        }

        return Charsets.DecodeUtf8OrLatin(buffer.AsSpan(0, n));
    }
}

/// <summary>The header fields of an entity in message order; duplicates are kept.</summary>
public sealed class HeaderList : IReadOnlyList<Header>
{
    private readonly List<Header> _headers;

    internal HeaderList(List<Header> headers) => _headers = headers;

    /// <inheritdoc />
    public int Count => _headers.Count;

    /// <inheritdoc />
    public Header this[int index] => _headers[index];

    /// <summary>The value of the first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? this[string name] => Find(name)?.Value;

    /// <summary>The first field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public Header? Find(string name)
    {
        foreach (var header in _headers)
        {
            if (header.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return header;
            }
        }

        return null;
    }

    /// <summary>All fields named <paramref name="name"/> (case-insensitive), in order.</summary>
    public IEnumerable<Header> FindAll(string name) => _headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public IEnumerator<Header> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
