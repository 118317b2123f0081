using ContactCenter.Data.Tenant;
using ContactCenter.Server.RequestRouting;

namespace ContactCenter.Server.Tests.RequestRouting;

public sealed class RoutingMatchingShould
{
    private static readonly Guid Complaint = Guid.NewGuid();

    private static readonly RoutingInput Mail = new(
        ["Support@Tenant.example", "sales@tenant.example"], "Anna@Mail.Customer.example", "Rechnung März", "Bitte KÜNDIGEN Sie meinen Vertrag.", [Complaint]);

    [Theory]
    [InlineData(RoutingCondition.RecipientAddress, "support@tenant.example", true)]
    [InlineData(RoutingCondition.RecipientAddress, "info@tenant.example", false)]
    [InlineData(RoutingCondition.SenderAddress, "anna@mail.customer.example", true)]
    [InlineData(RoutingCondition.SenderAddress, "anna@customer.example", false)]
    [InlineData(RoutingCondition.SenderDomain, "customer.example", true)]
    [InlineData(RoutingCondition.SenderDomain, "mail.customer.example", true)]
    [InlineData(RoutingCondition.SenderDomain, "tomer.example", false)]
    [InlineData(RoutingCondition.SubjectKeyword, "rechnung", true)]
    [InlineData(RoutingCondition.SubjectKeyword, "kündigen", false)]
    [InlineData(RoutingCondition.BodyKeyword, "kündigen", true)]
    public void MatchEachConditionWithoutRegardToCase(RoutingCondition condition, string value, bool expected) =>
        Assert.Equal(expected, RoutingPlan.Matches(new RoutingRule { Condition = condition, Value = value }, Mail));

    [Fact]
    public void MatchClassificationsByTheLinkedIdNotByName()
    {
        var linked = new RoutingRule { Condition = RoutingCondition.Classification, Value = "Renamed since", ClassificationId = Complaint };
        var other = new RoutingRule { Condition = RoutingCondition.Classification, Value = "Complaint", ClassificationId = Guid.NewGuid() };
        var unlinked = new RoutingRule { Condition = RoutingCondition.Classification, Value = "Complaint" };

        Assert.True(RoutingPlan.Matches(linked, Mail));
        Assert.False(RoutingPlan.Matches(other, Mail));
        Assert.False(RoutingPlan.Matches(unlinked, Mail));
    }

    [Fact]
    public void SkipDisabledRulesAndFallBackToTheDefaultCategory()
    {
        var defaultCategory = Guid.NewGuid();
        var disabled = new RoutingRule { Position = 0, Condition = RoutingCondition.SubjectKeyword, Value = "Rechnung", CategoryId = Guid.NewGuid(), Enabled = false };
        var later = new RoutingRule { Position = 2, Condition = RoutingCondition.Classification, Value = "Complaint", ClassificationId = Complaint, CategoryId = Guid.NewGuid(), Priority = RequestPriority.High };
        var unmatched = new RoutingRule { Position = 1, Condition = RoutingCondition.SenderAddress, Value = "x@y.example", CategoryId = Guid.NewGuid() };

        var routed = RoutingPlan.Route([later, disabled, unmatched], defaultCategory, Mail);
        var fallback = RoutingPlan.Route([disabled, unmatched], defaultCategory, Mail);

        Assert.Equal(new RoutingDecision(later.CategoryId, RequestPriority.High, later.Id), routed);
        Assert.Equal(new RoutingDecision(defaultCategory, RequestPriority.Normal, null), fallback);
    }
}
