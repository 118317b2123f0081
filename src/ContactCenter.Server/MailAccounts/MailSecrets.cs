using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// Protects mail account passwords at rest with Data Protection (keys in the catalog, encrypted with the
/// configured certificate). Each tenant has its own purpose, so a secret copied into another tenant's
/// database cannot be decrypted there; the platform operator's global system accounts have a purpose of their own.
/// </summary>
public static class MailSecrets
{
    public static IDataProtector ProtectorFor(IDataProtectionProvider provider, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.CreateProtector("ContactCenter.MailSecrets." + tenantId.ToString("D"));
    }

    /// <summary>The protector of the global system accounts' passwords (kept in the catalog, no tenant's).</summary>
    public static IDataProtector GlobalProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.CreateProtector("ContactCenter.MailSecrets.global");
    }

    /// <summary>The password in its stored (protected) form.</summary>
    public static string Protect(IDataProtectionProvider provider, Guid tenantId, string secret) =>
        ProtectorFor(provider, tenantId).Protect(secret);

    /// <summary>The password in clear, for connecting.</summary>
    /// <exception cref="CryptographicException">The value was not protected for this tenant or its key is gone.</exception>
    public static string Unprotect(IDataProtectionProvider provider, Guid tenantId, string protectedSecret) =>
        ProtectorFor(provider, tenantId).Unprotect(protectedSecret);
}
