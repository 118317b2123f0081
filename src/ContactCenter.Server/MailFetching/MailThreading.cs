using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Messages;
using ContactCenter.Server.Requests;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailFetching;

/// <summary>The request a received message answers (tracked, to be joined), or the one its subject tag links a new request to.</summary>
public sealed record ThreadMatch(Request? Request, Guid? LinkedRequestId);

/// <summary>
/// Finds the request a received message belongs to, most trusted evidence first: the request token in an id of ours
/// (In-Reply-To, References) or in a <c>reply+token@</c> recipient; an earlier message of a request named in
/// In-Reply-To or References; and last the subject tag <c>[#n]</c> — which anybody can type, so it joins only when the
/// sender is the request's contact or was on its conversation, and otherwise only links the new request to it.
/// </summary>
public sealed class MailThreading
{
    private static readonly string[] RecipientHeaders = ["Delivered-To", "X-Original-To", "Envelope-To"];

    /// <param name="db">The tenant database.</param>
    /// <param name="round">The round the message is placed in: a message may answer one placed earlier in it, not yet saved.</param>
    /// <param name="mail">The received message.</param>
    /// <param name="sender">Its sender's address, lower case.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task<ThreadMatch> FindAsync(TenantDbContext db, IngestRound round, ReceivedMessage mail, string? sender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(mail);
        var ids = (mail.InReplyTo is { } inReplyTo ? [inReplyTo] : Array.Empty<string>()).Concat(mail.References.Reverse()).Distinct(StringComparer.Ordinal).ToList();
        var tokens = ids.Select(id => RequestTokens.TryReadMessageId(id, out var token) ? token : null)
            .Concat(Recipients(mail).Select(a => RequestTokens.TryReadAddress(a, out var token) ? token : null))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (tokens.Count > 0 && await db.Requests.FirstOrDefaultAsync(r => tokens.Contains(r.Token), cancellationToken) is { } byToken)
        {
            return new ThreadMatch(byToken, null);
        }

        if (ids.Count > 0)
        {
            var hashes = ids.Take(50).Select(Hash).ToList();
            var candidates = await db.RequestMessages.AsNoTracking().Where(m => m.MessageIdHash != null && hashes.Contains(m.MessageIdHash))
                .Select(m => new { m.MessageId, m.RequestId }).ToListAsync(cancellationToken);
            candidates.AddRange(round.PlacedMessages.Where(m => m.MessageIdHash is { } hash && hashes.Contains(hash)).Select(m => new { m.MessageId, m.RequestId }));
            // The nearest reference wins: In-Reply-To first, then References from the newest.
            var requestId = ids.Select(id => candidates.FirstOrDefault(c => c.MessageId == id)?.RequestId).FirstOrDefault(r => r is not null);
            // Found among the tracked ones first: a request created earlier in this round is not saved yet.
            if (requestId is { } id && await db.Requests.FindAsync([id], cancellationToken) is { } byReference)
            {
                return new ThreadMatch(byReference, null);
            }
        }

        if (RequestTokens.TryReadSubjectTag(mail.Subject, out var number)
            && await db.Requests.FirstOrDefaultAsync(r => r.Number == number, cancellationToken) is { } tagged)
        {
            return sender is not null && await OnConversationAsync(db, tagged, sender, cancellationToken)
                ? new ThreadMatch(tagged, null)
                : new ThreadMatch(null, tagged.Id);
        }

        return new ThreadMatch(null, null);
    }

    /// <summary>The sender is the request's contact, or wrote, received or was copied on one of its messages.</summary>
    private static async Task<bool> OnConversationAsync(TenantDbContext db, Request request, string sender, CancellationToken cancellationToken)
    {
        if (string.Equals(request.ContactEmail, sender, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var messages = await db.RequestMessages.AsNoTracking().Where(m => m.RequestId == request.Id)
            .Select(m => new { m.FromAddress, m.To, m.Cc }).ToListAsync(cancellationToken);
        return messages.Any(m => string.Equals(m.FromAddress, sender, StringComparison.OrdinalIgnoreCase)
            || Contains(m.To, sender) || Contains(m.Cc, sender));
    }

    private static bool Contains(string json, string address) =>
        (JsonSerializer.Deserialize<List<MailAddressJson>>(json, JsonSerializerOptions.Web) ?? [])
        .Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Recipients(ReceivedMessage mail) =>
        mail.To.Concat(mail.Cc).Select(a => a.Address)
            .Concat(RecipientHeaders.SelectMany(h => mail.Mime.Headers.Where(x => x.Field.Equals(h, StringComparison.OrdinalIgnoreCase)).Select(x => x.Value.Trim(' ', '<', '>'))));

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
