using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

/// <summary>Entities whose changes are written to the audit trail (who changed what, when, old and new value).</summary>
public interface IAudited
{
    Guid Id { get; }
}

/// <summary>A property whose values never go into the audit trail (secrets): only that it changed.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditRedactedAttribute : Attribute;

/// <summary>One changed field of one entity, or an entity added or removed.</summary>
public sealed class AuditEntry
{
    public const string Redacted = "(changed, not shown)";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime At { get; set; } = DateTime.UtcNow;

    /// <summary>Who: the signed-in person's name (or the client id of an integration), <c>system</c> for background work.</summary>
    public required string Actor { get; set; }

    /// <summary>Entity type, e.g. <c>TenantSettings</c>.</summary>
    public required string Entity { get; set; }

    public Guid EntityId { get; set; }

    /// <summary><c>Added</c>, <c>Modified</c> or <c>Deleted</c>.</summary>
    public required string Change { get; set; }

    /// <summary>The property, for a modification; null when the whole entity was added or removed.</summary>
    public string? Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Actor).HasMaxLength(256);
        entry.Property(e => e.Entity).HasMaxLength(100);
        entry.Property(e => e.Change).HasMaxLength(10);
        entry.Property(e => e.Field).HasMaxLength(100);
        entry.Property(e => e.OldValue).HasMaxLength(4000);
        entry.Property(e => e.NewValue).HasMaxLength(4000);
        entry.HasIndex(e => new { e.Entity, e.EntityId });
        entry.HasIndex(e => e.At);
    }
}
