using ContactCenter.Data.Catalog;
using ContactCenter.Server.Requests;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Utils;

namespace ContactCenter.Server.MailFetching;

/// <summary>
/// Which tenant a request token belongs to, in the catalog: mail arriving at a global system account (shared by every
/// tenant) finds its tenant by the tokens it carries, without opening every tenant database. A token is registered
/// before the first message carrying it leaves the outbox, the only way tokens leave the system.
/// </summary>
public sealed class MailTokenDirectory(CatalogDbContext catalog)
{
    /// <summary>How much of a message is read for its header block; a header block that is longer is read only this far.</summary>
    public const int HeaderBytesMax = 256 * 1024;

    // Tokens beyond these come from a message built to make us query: a real reply carries a handful.
    private const int TokensMax = 50;

    private static readonly string[] AddressHeaders = ["To", "Cc"];

    // As MailThreading reads them: the addresses the message was delivered to, when they are not in To or Cc (Bcc, lists).
    private static readonly string[] DeliveryHeaders = ["Delivered-To", "X-Original-To", "Envelope-To"];

    /// <summary>Idempotent: registers that the token belongs to the tenant (a concurrent duplicate insert is fine).</summary>
    /// <exception cref="DbUpdateException">The catalog refused the write for another reason (e.g. it is down, or the tenant does not exist).</exception>
    public async Task RegisterAsync(Guid tenantId, string token, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (await catalog.MailTokens.AsNoTracking().AnyAsync(t => t.Token == token, cancellationToken))
        {
            return;
        }

        var row = new MailToken { Token = token, TenantId = tenantId, CreatedAt = DateTime.UtcNow };
        catalog.MailTokens.Add(row);
        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another sender may have registered it between the look and the insert: the primary key refused the second.
            catalog.Entry(row).State = EntityState.Detached;
            if (!await catalog.MailTokens.AsNoTracking().AnyAsync(t => t.Token == token, cancellationToken))
            {
                throw;
            }
        }
        finally
        {
            catalog.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// The tenant a received message belongs to by the tokens it carries (In-Reply-To, References, then To, Cc,
    /// Delivered-To, X-Original-To), or null when it carries none that is known or the headers cannot be parsed.
    /// </summary>
    public async Task<Guid?> FindTenantAsync(byte[] raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var tokens = Tokens(raw);
        if (tokens.Count == 0)
        {
            return null;
        }

        var known = await catalog.MailTokens.AsNoTracking().Where(t => tokens.Contains(t.Token))
            .Select(t => new { t.Token, t.TenantId }).ToListAsync(cancellationToken);
        // The most trusted evidence wins, in the order the tokens were read.
        return tokens.Select(token => known.FirstOrDefault(k => k.Token == token)?.TenantId).FirstOrDefault(id => id is not null);
    }

    /// <summary>The request tokens in the message's header block, most trusted first; none when it cannot be read.</summary>
    internal static List<string> Tokens(byte[] raw)
    {
        HeaderList headers;
        try
        {
            using var stream = new MemoryStream(raw, 0, Math.Min(raw.Length, HeaderBytesMax), writable: false);
            headers = HeaderList.Load(ParserOptions.Default, stream);
        }
        catch (Exception e) when (e is FormatException or ParseException or ArgumentException or InvalidOperationException or IOException)
        {
            return [];
        }

        // In-Reply-To names the message answered; References runs oldest to newest, so the nearest comes first reversed.
        var ids = Values(headers, "In-Reply-To").SelectMany(MimeUtils.EnumerateReferences)
            .Concat(Values(headers, "References").SelectMany(v => MimeUtils.EnumerateReferences(v).Reverse()));
        var addresses = AddressHeaders.SelectMany(h => Values(headers, h)).SelectMany(Mailboxes)
            .Concat(DeliveryHeaders.SelectMany(h => Values(headers, h)).Select(v => v.Trim(' ', '\t', '<', '>')));
        return ids.Select(id => RequestTokens.TryReadMessageId(id, out var token) ? token : null)
            .Concat(addresses.Select(address => RequestTokens.TryReadAddress(address, out var token) ? token : null))
            .OfType<string>().Distinct(StringComparer.Ordinal).Take(TokensMax).ToList();
    }

    private static IEnumerable<string> Values(HeaderList headers, string field) =>
        headers.Where(h => h.Field.Equals(field, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value ?? string.Empty);

    private static IEnumerable<string> Mailboxes(string value) =>
        InternetAddressList.TryParse(value, out var list) ? list.Mailboxes.Select(m => m.Address) : [];
}
