using System.Text;
using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.Requests;

/// <summary>
/// How every mail of a request is put together, whoever writes it (an agent's answer, a forward, an external answer
/// passed on to the customer): the sender address, where the customer wants answers, the tagged subject, the thread
/// headers and the body with its plain-text alternative.
/// </summary>
internal static class ReplyMail
{
    private static readonly string[] ReplyPrefixes = ["Re:", "AW:", "Antw:", "Fwd:", "WG:", "Fw:"];

    /// <summary>The sender addresses of the tenant's active outbound servers, in the servers' order.</summary>
    public static async Task<List<string>> SenderAddressesAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        (await db.OutboundSmtpServers.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).Select(s => s.SenderAddresses).ToListAsync(cancellationToken))
            .SelectMany(Lines).ToList();

    /// <summary>The address the customer wrote to, when we may send from it; else the first sender address there is; "" with none.</summary>
    public static string Sender(IEnumerable<string> receivedAt, IReadOnlyList<string> senders) =>
        receivedAt.FirstOrDefault(a => senders.Contains(a, StringComparer.OrdinalIgnoreCase)) ?? (senders.Count > 0 ? senders[0] : "");

    /// <summary>Where the customer wants answers: the mail's Reply-To, else its sender; null without either.</summary>
    public static MailboxAddress? Target(string? headers, string? fromName, string? fromAddress)
    {
        if (headers is { Length: > 0 } block)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(block));
            var list = HeaderList.Load(stream);
            if (list[HeaderId.ReplyTo] is { Length: > 0 } replyTo && InternetAddressList.TryParse(replyTo, out var addresses)
                && addresses.Mailboxes.FirstOrDefault() is { } mailbox)
            {
                return mailbox;
            }
        }

        return fromAddress is { } address ? new MailboxAddress(fromName, address) : null;
    }

    /// <summary><c>{prefix} subject [#number]</c>: earlier reply and forward prefixes dropped, the tag added once.</summary>
    public static string Subject(Request request, string prefix = "Re:")
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = request.Subject.Trim();
        while (ReplyPrefixes.FirstOrDefault(p => subject.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            subject = subject[known.Length..].TrimStart();
        }

        var tag = RequestTokens.SubjectTag(request.Number);
        return prefix + " " + (subject.Contains(tag, StringComparison.Ordinal) ? subject : (subject + " " + tag).Trim());
    }

    /// <summary>In-Reply-To the given message and References its references plus it: the first and the 19 most recent, as RFC 5322 section 3.6.4 suggests for long threads.</summary>
    public static void Thread(MimeMessage message, string? inReplyTo, string? references)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (inReplyTo is not { Length: > 0 })
        {
            return;
        }

        message.InReplyTo = inReplyTo;
        var all = (references ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(inReplyTo).Distinct(StringComparer.Ordinal).ToList();
        foreach (var reference in all.Count <= 20 ? all : [all[0], .. all[^19..]])
        {
            message.References.Add(reference);
        }
    }

    /// <summary>The sanitised HTML as a document in the tenant's language, its plain text as the alternative, and the attachments.</summary>
    public static MimeEntity Body(string html, string text, string language, IEnumerable<(string FileName, byte[] Content, string MediaType)> attachments)
    {
        var body = new BodyBuilder
        {
            TextBody = text + "\n",
            HtmlBody = $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"></head><body>{html}</body></html>",
        };
        foreach (var (fileName, content, mediaType) in attachments)
        {
            body.Attachments.Add(fileName, content, ContentType.Parse(mediaType));
        }

        return body.ToMessageBody();
    }

    public static IEnumerable<string> Lines(string value) => value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
