using System.ComponentModel;
using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

/// <summary>
/// What a role allows, one bit each. The single list of permissions: features check one flag, the roles mask lists
/// them with their descriptions. Stored as a bit mask, so never renumber a flag; append new ones.
/// </summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A permission is the domain term; features read Permission.EditTemplates.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1714", Justification = "Each value is one permission; a role holds a combination.")]
public enum Permission : long
{
    None = 0,

    [Description("May upload own attachments to answers.")]
    UploadOwnAttachments = 1L << 0,

    [Description("May edit answer templates and text blocks.")]
    EditTemplates = 1L << 1,

    [Description("May delete client partitions with all their data.")]
    DeletePartitions = 1L << 2,

    [Description("May change the tenant's settings, accounts and assets.")]
    ChangeSettings = 1L << 3,

    [Description("May invite people and assign them to groups.")]
    ManagePeople = 1L << 4,

    [Description("May export letters.")]
    ExportLetters = 1L << 5,
}

/// <summary>A role of the tenant: one of the three built-in ones (tied to the catalog membership role) or a custom one.</summary>
public sealed class Role : IAudited
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The catalog role a built-in role stands for; null for custom roles, which are assigned per person.</summary>
    public TenantRole? BuiltIn { get; set; }

    public Permission Permissions { get; set; }
}

/// <summary>A custom role given to a person (catalog user id).</summary>
public sealed class RoleAssignment : IAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RoleId { get; set; }

    public Role? Role { get; set; }

    public Guid PersonId { get; set; }
}

/// <summary>The built-in roles with fixed ids, so the migration seeds them identically in every tenant database.</summary>
public static class BuiltInRoles
{
    public static readonly Guid AdministratorId = new("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid SupervisorId = new("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid AgentId = new("0193a000-0000-7000-8000-000000000003");

    /// <summary>Every flag there is.</summary>
    public static Permission All => Enum.GetValues<Permission>().Aggregate(Permission.None, (all, p) => all | p);

    public const Permission SupervisorDefaults = Permission.UploadOwnAttachments | Permission.EditTemplates | Permission.ExportLetters;

    public const Permission AgentDefaults = Permission.UploadOwnAttachments;

    public static IReadOnlyList<Role> Defaults =>
    [
        new() { Id = AdministratorId, Name = "Administrator", BuiltIn = TenantRole.TenantAdministrator, Permissions = All, Description = "Configures the tenant." },
        new() { Id = SupervisorId, Name = "Supervisor", BuiltIn = TenantRole.Supervisor, Permissions = SupervisorDefaults, Description = "Leads agent groups." },
        new() { Id = AgentId, Name = "Agent", BuiltIn = TenantRole.Agent, Permissions = AgentDefaults, Description = "Answers requests." },
    ];
}

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> role)
    {
        role.Property(r => r.Id).ValueGeneratedNever();
        role.Property(r => r.Name).HasMaxLength(Role.NameMaxLength);
        role.Property(r => r.Description).HasMaxLength(2000);
        role.HasIndex(r => r.Name).IsUnique();
        role.HasIndex(r => r.BuiltIn).IsUnique();
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> assignment)
    {
        assignment.Property(a => a.Id).ValueGeneratedNever();
        assignment.HasIndex(a => new { a.RoleId, a.PersonId }).IsUnique();
        assignment.HasIndex(a => a.PersonId);
        assignment.HasOne(a => a.Role).WithMany().HasForeignKey(a => a.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
