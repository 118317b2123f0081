using System.Text;

namespace ContactCenter.Mail.Mime;

/// <summary>
/// Parses address lists (RFC 5322 §3.4) with groups, quoted names, comments, obsolete routes (§4.4) and UTF-8
/// (RFC 6532). Display names have RFC 2047 words decoded, also inside quotes where broken clients put them.
/// Pieces that cannot be read are reported and skipped; the rest of the list is kept.
/// </summary>
public static class AddressParser
{
    private enum Kind
    {
        Atom,
        Quoted,
        Comment,
        Literal,
        Special,
    }

    /// <summary>Parses an address-list header value; problems go to <paramref name="problems"/>.</summary>
    public static IReadOnlyList<MailboxAddress> Parse(string value, ICollection<string>? problems = null)
    {
        var tokens = Tokenize(value);
        var result = new List<MailboxAddress>();
        string? group = null;
        var i = 0;
        while (i < tokens.Count)
        {
            var start = i;
            var phrase = new List<(Kind Kind, string Text)>();
            string? comment = null;
            while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Text is "<" or ":" or "@" or "," or ";"))
            {
                if (tokens[i].Kind == Kind.Comment)
                {
                    comment ??= tokens[i].Text;
                }
                else
                {
                    phrase.Add(tokens[i]);
                }

                i++;
            }

            var next = i < tokens.Count ? tokens[i].Text : null;
            switch (next)
            {
                case "<":
                    i++;
                    var inner = new StringBuilder();
                    while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Text == ">"))
                    {
                        if (tokens[i].Kind != Kind.Comment)
                        {
                            inner.Append(TokenText(tokens[i]));
                        }

                        i++;
                    }

                    i++;
                    var addr = StripRoute(inner.ToString());
                    var name = Phrase(phrase) ?? comment;
                    Add(addr, name, Text(start, i));
                    SkipToSeparator(ref i, tokens);
                    break;
                case ":":
                    group = Phrase(phrase) ?? string.Empty;
                    i++;
                    break;
                case "@":
                    var local = string.Concat(phrase.Select(TokenText));
                    i++;
                    var domain = new StringBuilder();
                    while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Text is "," or ";"))
                    {
                        if (tokens[i].Kind == Kind.Comment)
                        {
                            comment ??= tokens[i].Text;
                        }
                        else
                        {
                            domain.Append(TokenText(tokens[i]));
                        }

                        i++;
                    }

                    Add(local + "@" + domain, comment is null ? null : EncodedWords.Decode(comment), Text(start, i));
                    break;
                case ";":
                    if (phrase.Count > 0)
                    {
                        problems?.Add($"not an address: '{Text(start, i)}'");
                    }

                    group = null;
                    i++;
                    break;
                default:
                    if (phrase.Count > 0)
                    {
                        problems?.Add($"not an address: '{Text(start, i)}'");
                    }

                    i++;
                    break;
            }
        }

        return result;

        void Add(string address, string? name, string raw)
        {
            address = address.Trim();
            var at = address.LastIndexOf('@');
            if (address.Length == 0)
            {
                return; // "<>" is the null reverse path, not an error.
            }

            if (at <= 0 || at == address.Length - 1)
            {
                problems?.Add($"not an address: '{raw}'");
                return;
            }

            result.Add(new MailboxAddress(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), address) { Group = group });
        }

        string Text(int from, int to) => string.Join(' ', tokens.Skip(from).Take(Math.Min(to, tokens.Count) - from).Select(t => t.Text)).Trim();
    }

    private static void SkipToSeparator(ref int i, List<(Kind Kind, string Text)> tokens)
    {
        while (i < tokens.Count && !(tokens[i].Kind == Kind.Special && tokens[i].Text is "," or ";"))
        {
            i++;
        }

        if (i < tokens.Count && tokens[i].Text == ",")
        {
            i++;
        }
    }

    // Obsolete route syntax (RFC 5322 §4.4): "<@relay1,@relay2:user@example.com>" keeps only the address.
    private static string StripRoute(string address)
    {
        if (address.StartsWith('@'))
        {
            var colon = address.IndexOf(':');
            return colon < 0 ? address : address[(colon + 1)..];
        }

        return address;
    }

    private static string? Phrase(List<(Kind Kind, string Text)> phrase)
    {
        if (phrase.Count == 0)
        {
            return null;
        }

        var text = string.Join(' ', phrase.Select(t => t.Text));
        return EncodedWords.Decode(text);
    }

    private static string TokenText((Kind Kind, string Text) token) => token.Kind switch
    {
        Kind.Quoted => NeedsQuotes(token.Text) ? "\"" + token.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : token.Text,
        Kind.Literal => "[" + token.Text + "]",
        _ => token.Text,
    };

    private static bool NeedsQuotes(string local) => local.Length == 0 || local.Any(c => c <= ' ' || "()<>[]:;@\\,\"".Contains(c, StringComparison.Ordinal));

    private static List<(Kind Kind, string Text)> Tokenize(string value)
    {
        var tokens = new List<(Kind, string)>();
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                tokens.Add((Kind.Quoted, MimeParameterParser.ReadQuoted(value, ref i)));
            }
            else if (c == '(')
            {
                var start = i;
                MimeParameterParser.SkipComment(value, ref i);
                var end = Math.Min(i, value.Length);
                var inner = value[(start + 1)..Math.Max(start + 1, end - (end > start + 1 && value[end - 1] == ')' ? 1 : 0))];
                tokens.Add((Kind.Comment, inner.Trim()));
            }
            else if (c == '[')
            {
                var close = value.IndexOf(']', i);
                var end = close < 0 ? value.Length : close;
                tokens.Add((Kind.Literal, value[(i + 1)..end]));
                i = end + 1;
            }
            else if ("<>:;@,".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add((Kind.Special, c.ToString()));
                i++;
            }
            else
            {
                var start = i;
                while (i < value.Length && !char.IsWhiteSpace(value[i]) && !"\"()[]<>:;@,".Contains(value[i], StringComparison.Ordinal))
                {
                    i++;
                }

                if (i == start)
                {
                    i++; // a lone ']' or ')' is skipped
                    continue;
                }

                tokens.Add((Kind.Atom, value[start..i]));
            }
        }

        return tokens;
    }
}
