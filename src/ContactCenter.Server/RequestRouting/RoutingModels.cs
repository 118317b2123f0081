using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.RequestRouting;

/// <summary>
/// A rule as the mask sends it. A classification rule names its classification by <paramref name="ClassificationId"/>
/// (or, for callers written before the link, by its name in <paramref name="Value"/>).
/// </summary>
public sealed record RoutingRuleRequest(string? Condition, string? Value, Guid? CategoryId, string? Priority, bool? Enabled, int? Position, Guid? ClassificationId = null);

public sealed record RoutingRuleItem(Guid Id, int Position, string Condition, string Value, Guid CategoryId, string Priority, bool Enabled, Guid? ClassificationId);

/// <summary>The whole plan: rules in the order they are tried, and where everything else goes.</summary>
public sealed record RoutingPlanView(Guid? DefaultCategoryId, IReadOnlyList<RoutingRuleItem> Rules);

/// <summary>The new order: every rule of the plan exactly once.</summary>
public sealed record RuleOrderRequest(IReadOnlyList<Guid>? RuleIds);

public sealed record DefaultCategoryRequest(Guid? CategoryId);

/// <summary>A sample request to route with the stored plan (the mask's "try it"); classifications by id or by name.</summary>
public sealed record RoutingTryRequest(
    IReadOnlyList<string>? Recipients, string? Sender, string? Subject, string? Body, IReadOnlyList<string>? Classifications, IReadOnlyList<Guid>? ClassificationIds = null);

public sealed record RoutingTryResult(Guid CategoryId, string Priority, Guid? RuleId);

/// <summary>The names the API uses for conditions and priorities.</summary>
public static class RoutingNames
{
    private static readonly Dictionary<RoutingCondition, string> Conditions = new()
    {
        [RoutingCondition.RecipientAddress] = "recipient",
        [RoutingCondition.SenderAddress] = "sender",
        [RoutingCondition.SenderDomain] = "sender-domain",
        [RoutingCondition.SubjectKeyword] = "subject-keyword",
        [RoutingCondition.BodyKeyword] = "body-keyword",
        [RoutingCondition.Classification] = "classification",
    };

    public static string AllConditions => string.Join(", ", Conditions.Values.Select(v => $"'{v}'"));

    public static string Of(RoutingCondition condition) => Conditions[condition];

    public static string Of(RequestPriority priority) => priority.ToString().ToLowerInvariant();

    public static RoutingCondition? Condition(string? value) =>
        Conditions.Where(c => string.Equals(c.Value, value?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(c => (RoutingCondition?)c.Key).FirstOrDefault();

    public static RequestPriority? Priority(string? value) =>
        Enum.GetValues<RequestPriority>().Where(p => string.Equals(Of(p), value?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(p => (RequestPriority?)p).FirstOrDefault();

    public static RoutingRuleItem Item(RoutingRule r) => new(r.Id, r.Position, Of(r.Condition), r.Value, r.CategoryId, Of(r.Priority), r.Enabled, r.ClassificationId);
}
