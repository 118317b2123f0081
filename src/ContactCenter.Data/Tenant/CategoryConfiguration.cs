using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

// A category's configuration beyond its place in the org tree, its answer templates, text blocks and classifications.

/// <summary>
/// Everything a category mask edits besides name, description, owning agent group and the default flag: one row
/// per category (same id), created on first save. Id lists are stored as comma-separated text so that every change
/// shows in the audit trail as old and new value.
/// </summary>
public sealed class CategoryProfile : IAudited
{
    public const int IdListMaxLength = 4000;

    /// <summary>The category's id.</summary>
    public Guid Id { get; set; }

    public Category? Category { get; set; }

    /// <summary>Replaces the tenant's service-level goal for requests of this category.</summary>
    public int? ServiceLevelOverrideHours { get; set; }

    public int? KpiGoalHours { get; set; }

    /// <summary>Share of the goal (in %) after which the supervisors are warned.</summary>
    public int? KpiWarningPercent { get; set; }

    /// <summary>Person ids of the supervisors to notify.</summary>
    public string KpiSupervisorIds { get; set; } = "";

    public bool KpiNotifyByWeb { get; set; }

    public bool KpiNotifyByEmail { get; set; }

    /// <summary>Hours an external contact has to answer a request of this category forwarded to them; null: the tenant's setting.</summary>
    public int? ForwardReminderHours { get; set; }

    public string TextBlockIds { get; set; } = "";

    /// <summary>Prepared attachments (assets); ids only, the assets live in another feature's table.</summary>
    public string PreparedAttachmentIds { get; set; } = "";

    public string ClassificationIds { get; set; } = "";

    /// <summary>Escalate once this many requests of the category are open (with <see cref="EscalationDeadlineHours"/>).</summary>
    public int? EscalationBacklogThreshold { get; set; }

    /// <summary>Escalate requests still open after this many hours.</summary>
    public int? EscalationDeadlineHours { get; set; }

    /// <summary>Catalog id of a tenant that accepts escalations from this one.</summary>
    public Guid? EscalationTargetTenantId { get; set; }

    /// <summary>A category in the target tenant's database (no foreign key: another database).</summary>
    public Guid? EscalationTargetCategoryId { get; set; }

    public static IReadOnlyList<Guid> ParseIds(string ids) =>
        ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

    public static string FormatIds(IEnumerable<Guid> ids) => string.Join(',', ids.Distinct());
}

/// <summary>
/// One of a category's answer templates: letterhead, body and footer with placeholders, filled in when an answer is
/// proposed. Names are unique within the category; exactly one template is the default while the category has any.
/// </summary>
public sealed class AnswerTemplate : IAudited
{
    public const int NameMaxLength = 200;
    public const int PartMaxLength = 20_000;

    /// <summary>Templates a category may have; enough for every language and occasion, few enough to choose from.</summary>
    public const int MaxPerCategory = 50;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CategoryId { get; set; }

    public Category? Category { get; set; }

    public required string Name { get; set; }

    public string? Letterhead { get; set; }

    public string? Body { get; set; }

    public string? Footer { get; set; }

    public bool IsDefault { get; set; }
}

public enum TextBlockChannel
{
    Email,
    Sms,
}

/// <summary>A reusable text (or whole template) agents insert into answers.</summary>
public sealed class TextBlock : IAudited
{
    public const int NameMaxLength = 200;
    public const int SubjectMaxLength = 500;
    public const int BodyMaxLength = 20_000;

    /// <summary>
    /// Three concatenated SMS segments of 153 GSM-7 characters each (3GPP TS 23.040 §9.2.3.24.1: the user data
    /// header of a concatenated message takes 7 of the 160 characters per segment).
    /// </summary>
    public const int SmsBodyMaxLength = 3 * 153;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Subject { get; set; }

    public required string Body { get; set; }

    public TextBlockChannel Channel { get; set; }

    public bool Enabled { get; set; } = true;

    public bool EditableByAgents { get; set; }
}

/// <summary>A label agents give requests (e.g. "complaint"); usable on the channels and in the categories it is assigned to.</summary>
public sealed class Classification : IAudited
{
    public const int NameMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Description { get; set; }

    public Channels Channels { get; set; }
}

internal sealed class CategoryProfileConfiguration : IEntityTypeConfiguration<CategoryProfile>
{
    public void Configure(EntityTypeBuilder<CategoryProfile> profile)
    {
        profile.Property(p => p.Id).ValueGeneratedNever();
        profile.HasOne(p => p.Category).WithOne().HasForeignKey<CategoryProfile>(p => p.Id).OnDelete(DeleteBehavior.Cascade);
        profile.Property(p => p.KpiSupervisorIds).HasMaxLength(CategoryProfile.IdListMaxLength);
        profile.Property(p => p.TextBlockIds).HasMaxLength(CategoryProfile.IdListMaxLength);
        profile.Property(p => p.PreparedAttachmentIds).HasMaxLength(CategoryProfile.IdListMaxLength);
        profile.Property(p => p.ClassificationIds).HasMaxLength(CategoryProfile.IdListMaxLength);
    }
}

internal sealed class AnswerTemplateConfiguration : IEntityTypeConfiguration<AnswerTemplate>
{
    public void Configure(EntityTypeBuilder<AnswerTemplate> template)
    {
        template.Property(t => t.Id).ValueGeneratedNever();
        template.HasOne(t => t.Category).WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.Cascade);
        template.Property(t => t.Name).HasMaxLength(AnswerTemplate.NameMaxLength);
        template.HasIndex(t => new { t.CategoryId, t.Name }).IsUnique();
        template.Property(t => t.Letterhead).HasMaxLength(AnswerTemplate.PartMaxLength);
        template.Property(t => t.Body).HasMaxLength(AnswerTemplate.PartMaxLength);
        template.Property(t => t.Footer).HasMaxLength(AnswerTemplate.PartMaxLength);
    }
}

internal sealed class TextBlockConfiguration : IEntityTypeConfiguration<TextBlock>
{
    public void Configure(EntityTypeBuilder<TextBlock> block)
    {
        block.Property(b => b.Id).ValueGeneratedNever();
        block.Property(b => b.Name).HasMaxLength(TextBlock.NameMaxLength);
        block.HasIndex(b => b.Name).IsUnique();
        block.Property(b => b.Subject).HasMaxLength(TextBlock.SubjectMaxLength);
        block.Property(b => b.Body).HasMaxLength(TextBlock.BodyMaxLength);
        block.Property(b => b.Channel).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class ClassificationConfiguration : IEntityTypeConfiguration<Classification>
{
    public void Configure(EntityTypeBuilder<Classification> classification)
    {
        classification.Property(c => c.Id).ValueGeneratedNever();
        classification.Property(c => c.Name).HasMaxLength(Classification.NameMaxLength);
        classification.HasIndex(c => c.Name).IsUnique();
        classification.Property(c => c.Description).HasMaxLength(2000);
    }
}
