using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactCenter.Server.Requests;

/// <summary>What a mail image token allows: fetching this one address for this message of this request of this tenant, until then.</summary>
public sealed record MailImageTicket(Guid TenantId, Guid RequestId, Guid MessageId, Uri Url, DateTimeOffset ExpiresAt);

/// <summary>
/// The tokens of the image proxy: a <see cref="MailImageTicket"/> encrypted and signed with ASP.NET Data Protection
/// (keys in the catalog, so every instance reads them). The sandboxed mail frame has an opaque origin and sends no
/// sign-in cookie, so the token itself is the permission: it names everything the proxy may fetch for it.
/// </summary>
public sealed class MailImageTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long a page's image addresses stay good; a reload of the page makes new ones.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    /// <summary>Longer addresses are not proxied (the token must fit a request line).</summary>
    public const int MaxUrlLength = 2048;

    private const byte Version = 1;

    private readonly IDataProtector _protector = protection.CreateProtector("ContactCenter.Requests.MailImages.v1");

    /// <summary>A token for <paramref name="url"/>, good for <see cref="Lifetime"/> from now.</summary>
    public string Create(Guid tenantId, Guid requestId, Guid messageId, Uri url) =>
        Create(new MailImageTicket(tenantId, requestId, messageId, url, clock.GetUtcNow() + Lifetime));

    /// <summary>A token for exactly this ticket (tests make expired ones with it).</summary>
    public string Create(MailImageTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(ticket.TenantId.ToByteArray());
            writer.Write(ticket.RequestId.ToByteArray());
            writer.Write(ticket.MessageId.ToByteArray());
            writer.Write(ticket.ExpiresAt.ToUnixTimeSeconds());
            writer.Write(ticket.Url.AbsoluteUri);
        }

        return WebEncoders.Base64UrlEncode(_protector.Protect(buffer.ToArray()));
    }

    /// <summary>The ticket of a token made here that has not expired; null for anything else.</summary>
    public MailImageTicket? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192)
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                return null;
            }

            var (tenant, request, message) = (new Guid(reader.ReadBytes(16)), new Guid(reader.ReadBytes(16)), new Guid(reader.ReadBytes(16)));
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(reader.ReadInt64());
            var ticket = new MailImageTicket(tenant, request, message, new Uri(reader.ReadString(), UriKind.Absolute), expiresAt);
            return ticket.ExpiresAt > clock.GetUtcNow() ? ticket : null;
        }
        catch (Exception failure) when (failure is CryptographicException or FormatException or EndOfStreamException or ArgumentException or UriFormatException)
        {
            return null;
        }
    }
}
