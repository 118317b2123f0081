using System.ComponentModel.DataAnnotations;
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

    /// <summary>The longest language tag kept.</summary>
    public const int LanguageMaxLength = 10;

    public List<TenantMembership> Memberships { get; } = [];

    /// <summary>The language the person reads (<c>en</c>, <c>de</c>): the one they last signed in or chose with; null until then.</summary>
    [MaxLength(LanguageMaxLength)]
    public string? Language { get; set; }
}
