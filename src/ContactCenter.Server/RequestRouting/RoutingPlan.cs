using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.RequestRouting;

/// <summary>What routing looks at of an incoming request; its classifications by id.</summary>
public sealed record RoutingInput(
    IReadOnlyList<string> Recipients, string Sender, string Subject, string Body, IReadOnlyList<Guid> ClassificationIds);

/// <summary>Where a request goes: the category, its priority and the rule that decided (null: the default category).</summary>
public sealed record RoutingDecision(Guid CategoryId, RequestPriority Priority, Guid? RuleId);

/// <summary>Applies a routing plan: the first enabled rule (by position) that matches decides; otherwise the default category.</summary>
public static class RoutingPlan
{
    public static RoutingDecision Route(IEnumerable<RoutingRule> rules, Guid defaultCategoryId, RoutingInput input)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(input);
        foreach (var rule in rules.Where(r => r.Enabled).OrderBy(r => r.Position))
        {
            if (Matches(rule, input))
            {
                return new RoutingDecision(rule.CategoryId, rule.Priority, rule.Id);
            }
        }

        return new RoutingDecision(defaultCategoryId, RequestPriority.Normal, null);
    }

    public static bool Matches(RoutingRule rule, RoutingInput input)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(input);

        // Addresses compare without regard to case: RFC 5321 section 2.4 lets the local part be case-sensitive,
        // but no mail system in practice treats Support@ and support@ as different mailboxes.
        return rule.Condition switch
        {
            RoutingCondition.RecipientAddress => input.Recipients.Any(r => string.Equals(r.Trim(), rule.Value, StringComparison.OrdinalIgnoreCase)),
            RoutingCondition.SenderAddress => string.Equals(input.Sender.Trim(), rule.Value, StringComparison.OrdinalIgnoreCase),
            RoutingCondition.SenderDomain => InDomain(input.Sender.Trim(), rule.Value),
            RoutingCondition.SubjectKeyword => input.Subject.Contains(rule.Value, StringComparison.OrdinalIgnoreCase),
            RoutingCondition.BodyKeyword => input.Body.Contains(rule.Value, StringComparison.OrdinalIgnoreCase),
            // The link, not the name: renaming a classification keeps its rules working.
            RoutingCondition.Classification => rule.ClassificationId is { } classification && input.ClassificationIds.Contains(classification),
            _ => false,
        };
    }

    /// <summary>The address's domain is the domain or one of its subdomains (mail.example.com is in example.com).</summary>
    private static bool InDomain(string address, string domain)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var senderDomain = address[(at + 1)..];
        return string.Equals(senderDomain, domain, StringComparison.OrdinalIgnoreCase)
            || senderDomain.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
    }
}
