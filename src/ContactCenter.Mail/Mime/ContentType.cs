namespace ContactCenter.Mail.Mime;

/// <summary>A parsed Content-Type (RFC 2045 §5); invalid or missing values read as text/plain (§5.2).</summary>
public sealed class ContentType
{
    internal ContentType(string mediaType, string mediaSubtype, IReadOnlyList<MimeParameter> parameters)
    {
        MediaType = mediaType;
        MediaSubtype = mediaSubtype;
        Parameters = parameters;
    }

    /// <summary>text/plain; charset=us-ascii, the default of RFC 2045 §5.2.</summary>
    public static ContentType TextPlain { get; } = new("text", "plain", []);

    /// <summary>message/rfc822, the default inside multipart/digest (RFC 2046 §5.1.5).</summary>
    public static ContentType MessageRfc822 { get; } = new("message", "rfc822", []);

    /// <summary>The top-level type, lower case ("text", "multipart").</summary>
    public string MediaType { get; }

    /// <summary>The subtype, lower case ("plain", "mixed").</summary>
    public string MediaSubtype { get; }

    /// <summary>"type/subtype".</summary>
    public string MimeType => MediaType + "/" + MediaSubtype;

    /// <summary>The parameters in header order.</summary>
    public IReadOnlyList<MimeParameter> Parameters { get; }

    /// <summary>The charset parameter, or null.</summary>
    public string? Charset => Parameter("charset");

    /// <summary>The boundary parameter of a multipart, or null.</summary>
    public string? Boundary => Parameter("boundary");

    /// <summary>The name parameter (the old place for an attachment's file name), or null.</summary>
    public string? Name => Parameter("name");

    /// <summary>True for multipart/*.</summary>
    public bool IsMultipart => MediaType == "multipart";

    /// <summary>True when this is <paramref name="type"/>/<paramref name="subtype"/> (case-insensitive).</summary>
    public bool Is(string type, string subtype) =>
        MediaType.Equals(type, StringComparison.OrdinalIgnoreCase) && MediaSubtype.Equals(subtype, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of a parameter (case-insensitive name), or null.</summary>
    public string? Parameter(string name)
    {
        foreach (var p in Parameters)
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    /// <summary>Parses a Content-Type value; returns null when it names no type/subtype.</summary>
    public static ContentType? Parse(string value)
    {
        var (mime, parameters) = MimeParameterParser.Parse(value);
        var slash = mime.IndexOf('/');
        var type = (slash < 0 ? mime : mime[..slash]).Trim().ToLowerInvariant();
        var subtype = slash < 0 ? string.Empty : mime[(slash + 1)..].Trim().ToLowerInvariant();
        if (type.Length == 0 || !IsToken(type))
        {
            return null;
        }

        if (subtype.Length == 0 || !IsToken(subtype))
        {
            // "Content-Type: text" is seen in the wild; the only sensible subtype is the default.
            if (type != "text")
            {
                return null;
            }

            subtype = "plain";
        }

        return new ContentType(type, subtype, parameters);
    }

    /// <inheritdoc />
    public override string ToString() => MimeType;

    private static bool IsToken(string s)
    {
        foreach (var c in s)
        {
            if (c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?=".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A parsed Content-Disposition (RFC 2183).</summary>
public sealed class ContentDisposition
{
    internal ContentDisposition(string disposition, IReadOnlyList<MimeParameter> parameters)
    {
        Disposition = disposition;
        Parameters = parameters;
    }

    /// <summary>"inline", "attachment" or what the header says, lower case.</summary>
    public string Disposition { get; }

    /// <summary>The parameters in header order.</summary>
    public IReadOnlyList<MimeParameter> Parameters { get; }

    /// <summary>True when the disposition is "attachment".</summary>
    public bool IsAttachment => Disposition == "attachment";

    /// <summary>True when the disposition is "inline".</summary>
    public bool IsInline => Disposition == "inline";

    /// <summary>The filename parameter (RFC 2231 forms decoded), or null.</summary>
    public string? FileName => Parameters.FirstOrDefault(p => p.Name == "filename")?.Value;

    /// <summary>Parses a Content-Disposition value.</summary>
    public static ContentDisposition Parse(string value)
    {
        var (disposition, parameters) = MimeParameterParser.Parse(value);
        return new ContentDisposition(disposition.Trim().ToLowerInvariant(), parameters);
    }
}
