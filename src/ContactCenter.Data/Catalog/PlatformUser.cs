using Microsoft.AspNetCore.Identity;

namespace ContactCenter.Data.Catalog;

/// <summary>A person who logs in: agent, supervisor, tenant administrator or platform operator.</summary>
public sealed class PlatformUser : IdentityUser<Guid>
{
    public PlatformUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public List<TenantMembership> Memberships { get; } = [];
}
