using MimeKit;

namespace ContactCenter.Mail.Messages;

/// <summary>
/// Reads an address header with MimeKit; when MimeKit refuses the whole list, the list is split at its top-level
/// commas and each item is read on its own, so one broken entry costs that entry only. Each unreadable item is
/// reported (at most ten per header).
/// </summary>
internal static class TolerantAddresses
{
    private const int ReportedPerHeader = 10;

    public static IReadOnlyList<MailboxAddress> Read(HeaderList headers, string name, ParserOptions options, List<MessageProblem> problems)
    {
        var index = headers.IndexOf(name);
        if (index < 0)
        {
            return [];
        }

        var raw = headers[index].RawValue;
        if (InternetAddressList.TryParse(options, raw, out var whole) && whole.Mailboxes.All(HasDomain))
        {
            return [.. whole.Mailboxes];
        }

        var result = new List<MailboxAddress>();
        var reported = 0;
        foreach (var item in SplitTopLevel(TextDecoding.Utf8OrWindows1252(raw)))
        {
            if (InternetAddressList.TryParse(options, item, out var one) && one.Mailboxes.Any() && one.Mailboxes.All(HasDomain))
            {
                result.AddRange(one.Mailboxes);
            }
            else if (reported++ < ReportedPerHeader)
            {
                problems.Add(new MessageProblem(MessageProblemKind.InvalidAddress, $"{name}: not an address: '{item}'"));
            }
        }

        return result;
    }

    private static bool HasDomain(MailboxAddress mailbox) => mailbox.Address.Contains('@', StringComparison.Ordinal) && mailbox.Domain.Length > 0 && mailbox.LocalPart.Length > 0;

    /// <summary>Items between commas outside quotes, comments and angle brackets, trimmed; empty items dropped.</summary>
    private static IEnumerable<string> SplitTopLevel(string value)
    {
        var start = 0;
        var quoted = false;
        var comment = 0;
        var angle = false;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ',';
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                if (i < value.Length)
                {
                    continue;
                }
            }

            switch (c)
            {
                case '"' when i < value.Length:
                    quoted = true;
                    break;
                case '(' when i < value.Length:
                    comment++;
                    break;
                case ')' when comment > 0:
                    comment--;
                    break;
                case '<' when comment == 0 && i < value.Length:
                    angle = true;
                    break;
                case '>' when comment == 0:
                    angle = false;
                    break;
                case ',' when (comment == 0 && !angle) || i == value.Length:
                    var item = value[start..Math.Min(i, value.Length)].Trim();
                    if (item.Length > 0)
                    {
                        yield return item;
                    }

                    start = i + 1;
                    break;
            }
        }
    }
}
