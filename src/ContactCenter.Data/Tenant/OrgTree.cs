namespace ContactCenter.Data.Tenant;

// The organisation tree of a tenant: system groups → supervisor groups → agent groups → categories.

/// <summary>Top of the org tree; assigning the tenant to a system group makes it usable.</summary>
public sealed class SystemGroup : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Description { get; set; }

    public List<SupervisorGroup> SupervisorGroups { get; } = [];
}

public sealed class SupervisorGroup : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SystemGroupId { get; set; }

    public SystemGroup? SystemGroup { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public List<AgentGroup> AgentGroups { get; } = [];
}

public sealed class AgentGroup : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SupervisorGroupId { get; set; }

    public SupervisorGroup? SupervisorGroup { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public List<Category> Categories { get; } = [];
}

/// <summary>What a request is about; decides routing, service level and answer templates.</summary>
public sealed class Category : IAudited
{
    public const int NameMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AgentGroupId { get; set; }

    public AgentGroup? AgentGroup { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Requests nobody categorised land here; exactly one per tenant.</summary>
    public bool IsDefault { get; set; }
}

/// <summary>
/// A person working in a group of the tenant: in an agent group as agent, in a supervisor group as supervisor.
/// The catalog's memberships follow these assignments, so sign-in offers exactly the tenants a person works for.
/// </summary>
public sealed class GroupAssignment : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The person (catalog user id).</summary>
    public Guid PersonId { get; set; }

    public Guid? AgentGroupId { get; set; }

    public AgentGroup? AgentGroup { get; set; }

    public Guid? SupervisorGroupId { get; set; }

    public SupervisorGroup? SupervisorGroup { get; set; }
}

internal sealed class GroupAssignmentConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<GroupAssignment>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<GroupAssignment> assignment)
    {
        assignment.Property(a => a.Id).ValueGeneratedNever();
        assignment.HasIndex(a => new { a.PersonId, a.AgentGroupId, a.SupervisorGroupId }).IsUnique();
        assignment.HasOne(a => a.AgentGroup).WithMany().HasForeignKey(a => a.AgentGroupId).OnDelete(Microsoft.EntityFrameworkCore.DeleteBehavior.Cascade);
        assignment.HasOne(a => a.SupervisorGroup).WithMany().HasForeignKey(a => a.SupervisorGroupId).OnDelete(Microsoft.EntityFrameworkCore.DeleteBehavior.Cascade);
    }
}

/// <summary>
/// An invitation into the tenant for someone who already has an account: it takes effect only when they accept it,
/// signed in to that account, with the link mailed to them. Until then the account is no member of the tenant.
/// </summary>
public sealed class PendingInvitation
{
    public const int EmailMaxLength = 256;

    public const int TokenHashLength = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The invited account (catalog user id).</summary>
    public Guid PersonId { get; set; }

    public required string Email { get; set; }

    /// <summary>The SHA-256 of the token in the mailed link, in hex; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The agent groups to join, comma-separated ids.</summary>
    public string AgentGroupIds { get; set; } = "";

    /// <summary>The supervisor groups to join, comma-separated ids.</summary>
    public string SupervisorGroupIds { get; set; } = "";

    public DateTime InvitedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public static string JoinIds(IEnumerable<Guid> ids) => string.Join(',', ids);

    public static IReadOnlyList<Guid> SplitIds(string ids) =>
        ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => Guid.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}

internal sealed class PendingInvitationConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<PendingInvitation>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<PendingInvitation> invitation)
    {
        invitation.Property(i => i.Id).ValueGeneratedNever();
        invitation.Property(i => i.Email).HasMaxLength(PendingInvitation.EmailMaxLength);
        invitation.Property(i => i.TokenHash).HasMaxLength(PendingInvitation.TokenHashLength);
        invitation.HasIndex(i => i.PersonId);
    }
}
