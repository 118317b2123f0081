using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

/// <summary>
/// Something a person of the tenant is told in the page header's bell: an external contact who has not answered, an
/// answer from a 2nd level, a service level in warning or overdue. <see cref="Key"/> makes it once per occasion: a job
/// that finds the same occasion again adds nothing.
/// </summary>
public sealed class Notification
{
    public const int KindMaxLength = 40;
    public const int KeyMaxLength = 200;
    public const int DetailMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The person told (catalog user id).</summary>
    public Guid PersonId { get; set; }

    /// <summary>What happened, e.g. <c>forward-unanswered</c>; the text is written from it in the reader's language.</summary>
    public required string Kind { get; set; }

    /// <summary>The occasion, unique per person (e.g. the kind, the request and the forward's time).</summary>
    public required string Key { get; set; }

    public Guid? RequestId { get; set; }

    /// <summary>What the text names besides the request (an address, a category), not translated.</summary>
    public string? Detail { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.Id).ValueGeneratedNever();
        notification.Property(n => n.Kind).HasMaxLength(Notification.KindMaxLength);
        notification.Property(n => n.Key).HasMaxLength(Notification.KeyMaxLength);
        notification.Property(n => n.Detail).HasMaxLength(Notification.DetailMaxLength);
        notification.HasIndex(n => new { n.PersonId, n.Key }).IsUnique();
        notification.HasIndex(n => new { n.PersonId, n.CreatedAt });
        notification.HasOne<Request>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
