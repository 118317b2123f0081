using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

/// <summary>An allowed attachment type: files must carry this extension and media type and stay under the size.</summary>
public sealed class AttachmentType : IAudited
{
    public const int ExtensionMaxLength = 20;
    public const int MediaTypeMaxLength = 127;
    public const int MaxSizeLimitMegabytes = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lower case with the leading dot, e.g. ".pdf".</summary>
    public required string Extension { get; set; }

    public required string MediaType { get; set; }

    public int MaxSizeMegabytes { get; set; }
}

/// <summary>
/// A file uploaded once for agents to attach to answers, or (with an <see cref="OwnerId"/>) a person's own attachment.
/// The bytes live in the tenant database, isolated with it.
/// </summary>
public sealed class PreparedAttachment : IAudited
{
    public const int FileNameMaxLength = 255;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string FileName { get; set; }

    public required string MediaType { get; set; }

    public long Size { get; set; }

    public required byte[] Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTime UploadedAt { get; set; }

    /// <summary>The person (catalog user id) whose own attachment this is; null for the tenant's prepared attachments.</summary>
    public Guid? OwnerId { get; set; }
}

/// <summary>The allowlist a tenant starts with (fixed ids, seeded by the migration in every tenant database).</summary>
public static class DefaultAttachmentTypes
{
    public static IReadOnlyList<AttachmentType> All =>
    [
        new() { Id = new("0193a000-0000-7000-8000-000000000101"), Extension = ".pdf", MediaType = "application/pdf", MaxSizeMegabytes = 10 },
        new() { Id = new("0193a000-0000-7000-8000-000000000102"), Extension = ".png", MediaType = "image/png", MaxSizeMegabytes = 5 },
        new() { Id = new("0193a000-0000-7000-8000-000000000103"), Extension = ".jpg", MediaType = "image/jpeg", MaxSizeMegabytes = 5 },
        new() { Id = new("0193a000-0000-7000-8000-000000000104"), Extension = ".txt", MediaType = "text/plain", MaxSizeMegabytes = 1 },
    ];
}

internal sealed class AttachmentTypeConfiguration : IEntityTypeConfiguration<AttachmentType>
{
    public void Configure(EntityTypeBuilder<AttachmentType> type)
    {
        type.Property(t => t.Id).ValueGeneratedNever();
        type.Property(t => t.Extension).HasMaxLength(AttachmentType.ExtensionMaxLength);
        type.Property(t => t.MediaType).HasMaxLength(AttachmentType.MediaTypeMaxLength);
        type.HasIndex(t => t.Extension).IsUnique();
    }
}

internal sealed class PreparedAttachmentConfiguration : IEntityTypeConfiguration<PreparedAttachment>
{
    public void Configure(EntityTypeBuilder<PreparedAttachment> attachment)
    {
        attachment.Property(a => a.Id).ValueGeneratedNever();
        attachment.Property(a => a.FileName).HasMaxLength(PreparedAttachment.FileNameMaxLength);
        attachment.Property(a => a.MediaType).HasMaxLength(AttachmentType.MediaTypeMaxLength);
        attachment.Property(a => a.UploadedBy).HasMaxLength(256);
        attachment.HasIndex(a => a.FileName);
        attachment.HasIndex(a => a.OwnerId);
    }
}
