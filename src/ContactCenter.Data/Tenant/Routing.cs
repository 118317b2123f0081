using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

// The routing plan: ordered rules that put an incoming request into a category with a priority. The first
// enabled rule that matches wins; a request no rule matches goes to the default category (Category.IsDefault).

/// <summary>What a routing rule looks at.</summary>
public enum RoutingCondition
{
    /// <summary>One of the recipient addresses (To/Cc) equals the value.</summary>
    RecipientAddress,

    /// <summary>The sender address equals the value.</summary>
    SenderAddress,

    /// <summary>The sender address is in the domain (or a subdomain of it).</summary>
    SenderDomain,

    /// <summary>The subject contains the keyword.</summary>
    SubjectKeyword,

    /// <summary>The body text contains the keyword.</summary>
    BodyKeyword,

    /// <summary>The request carries the linked classification (<see cref="RoutingRule.ClassificationId"/>).</summary>
    Classification,
}

/// <summary>How urgent a routed request is.</summary>
public enum RequestPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public sealed class RoutingRule : IAudited
{
    public const int ValueMaxLength = 320;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Place in the plan, from 0; rules are tried in this order.</summary>
    public int Position { get; set; }

    public RoutingCondition Condition { get; set; }

    /// <summary>
    /// The address, domain or keyword the condition compares with; for a classification rule the classification's
    /// name when the rule was saved (shown in the audit trail), while matching uses <see cref="ClassificationId"/>.
    /// </summary>
    public required string Value { get; set; }

    /// <summary>
    /// The classification a classification rule routes by; null for the other conditions, and for rules from before
    /// the link whose text named no classification (such a rule matches nothing until one is chosen).
    /// </summary>
    public Guid? ClassificationId { get; set; }

    public Classification? Classification { get; set; }

    public Guid CategoryId { get; set; }

    public Category? Category { get; set; }

    public RequestPriority Priority { get; set; } = RequestPriority.Normal;

    public bool Enabled { get; set; } = true;
}

internal sealed class RoutingRuleConfiguration : IEntityTypeConfiguration<RoutingRule>
{
    public void Configure(EntityTypeBuilder<RoutingRule> rule)
    {
        rule.Property(r => r.Id).ValueGeneratedNever();
        rule.Property(r => r.Condition).HasConversion<string>().HasMaxLength(30);
        rule.Property(r => r.Value).HasMaxLength(RoutingRule.ValueMaxLength);
        rule.Property(r => r.Priority).HasConversion<string>().HasMaxLength(20);
        rule.HasIndex(r => r.Position);
        rule.HasOne(r => r.Category).WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);

        // A classification in use by a rule is not deleted; the classifications API says which rules hold it.
        rule.HasOne(r => r.Classification).WithMany().HasForeignKey(r => r.ClassificationId).OnDelete(DeleteBehavior.Restrict);
    }
}
