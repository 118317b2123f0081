using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

// The backlog escalation's marks on a request: on the partner's copy where it came from (the idempotency key of the
// move), on the source's stub where it went.
public sealed partial class Request
{
    public const int EscalatedToTenantNameMaxLength = 200;

    /// <summary>On a copy made by the escalation: the catalog id of the tenant it came from.</summary>
    public Guid? EscalatedFromTenantId { get; set; }

    /// <summary>
    /// On a copy made by the escalation: the id of the request it copies in <see cref="EscalatedFromTenantId"/>. With it,
    /// unique: the key that finds a copy a move wrote before it died, so that no request is copied twice.
    /// </summary>
    public Guid? EscalatedFromRequestId { get; set; }

    /// <summary>On an escalated stub (<see cref="RequestStatus.Escalated"/>): the catalog id of the tenant it went to.</summary>
    public Guid? EscalatedToTenantId { get; set; }

    /// <summary>On an escalated stub: the target tenant's name when it was moved.</summary>
    public string? EscalatedToTenantName { get; set; }

    /// <summary>On an escalated stub: the copy's id in the target tenant.</summary>
    public Guid? EscalatedToRequestId { get; set; }

    /// <summary>On an escalated stub: the copy's number in the target tenant.</summary>
    public long? EscalatedToNumber { get; set; }
}

internal sealed class RequestEscalationConfiguration : IEntityTypeConfiguration<Request>
{
    public void Configure(EntityTypeBuilder<Request> request)
    {
        request.Property(r => r.EscalatedToTenantName).HasMaxLength(Request.EscalatedToTenantNameMaxLength);
        request.HasIndex(r => new { r.EscalatedFromTenantId, r.EscalatedFromRequestId }).IsUnique();
        // The escalation scan: a category's open requests counted, and the oldest of them picked, from the index alone.
        request.HasIndex(r => new { r.CategoryId, r.Status, r.CreatedAt, r.Id });
    }
}
