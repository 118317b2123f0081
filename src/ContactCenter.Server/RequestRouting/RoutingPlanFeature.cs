using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.RequestRouting;

/// <summary>
/// The routing plan of the resolved tenant (administrators only): ordered rules → category and priority, reordering,
/// the default category, and routing a sample request with the stored plan.
/// </summary>
public static class RoutingPlanFeature
{
    private const int KeywordMaxLength = 200;

    private static readonly IStringLocalizer T = Localization.Texts<RequestRoutingTexts>();

    public static IEndpointRouteBuilder MapRequestRouting(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/routing").RequireTenant().RequireAuthorization(TenantRoles.Administrator).WithTags("Routing plan");
        api.MapGet("", GetPlanAsync);
        api.MapPost("/rules", CreateRuleAsync);
        api.MapPut("/rules/{id:guid}", UpdateRuleAsync);
        api.MapDelete("/rules/{id:guid}", DeleteRuleAsync);
        api.MapPut("/order", ReorderAsync);
        api.MapPut("/default-category", SetDefaultCategoryAsync);
        api.MapPost("/try", TryAsync);
        return app;
    }

    private static async Task<Ok<RoutingPlanView>> GetPlanAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(db, cancellationToken));

    private static async Task<RoutingPlanView> ViewAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.RoutingRules.AsNoTracking().OrderBy(r => r.Position).ToListAsync(cancellationToken);
        var defaultCategory = await db.Categories.AsNoTracking().Where(c => c.IsDefault).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        return new RoutingPlanView(defaultCategory, rules.Select(RoutingNames.Item).ToList());
    }

    private static async Task<Results<Created<RoutingRuleItem>, ValidationProblem>> CreateRuleAsync(
        RoutingRuleRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var rule = new RoutingRule { Value = "" };
        var errors = await ApplyAsync(rule, request, db, cancellationToken);
        var rules = await db.RoutingRules.OrderBy(r => r.Position).ToListAsync(cancellationToken);
        if (request.Position is { } wanted && (wanted < 0 || wanted > rules.Count))
        {
            errors.Add("position", T["PositionRange", rules.Count]);
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        rules.Insert(request.Position ?? rules.Count, rule);
        Renumber(rules);
        db.RoutingRules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"rules/{rule.Id}", RoutingNames.Item(rule));
    }

    private static async Task<Results<Ok<RoutingRuleItem>, ValidationProblem, NotFound>> UpdateRuleAsync(
        Guid id, RoutingRuleRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (await db.RoutingRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } rule)
        {
            return TypedResults.NotFound();
        }

        var errors = await ApplyAsync(rule, request, db, cancellationToken);
        if (request.Position is not null)
        {
            errors.Add("position", T["PositionByOrder"]);
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RoutingNames.Item(rule));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteRuleAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.RoutingRules.OrderBy(r => r.Position).ToListAsync(cancellationToken);
        if (rules.Find(r => r.Id == id) is not { } rule)
        {
            return TypedResults.NotFound();
        }

        rules.Remove(rule);
        db.RoutingRules.Remove(rule);
        Renumber(rules);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RoutingPlanView>, ValidationProblem>> ReorderAsync(
        RuleOrderRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.RoutingRules.ToDictionaryAsync(r => r.Id, cancellationToken);
        var order = request.RuleIds ?? [];
        if (order.Count != rules.Count || order.Distinct().Count() != order.Count || !order.All(rules.ContainsKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["ruleIds"] = [T["OrderEveryRuleOnce", rules.Count]],
            });
        }

        Renumber(order.Select(id => rules[id]).ToList());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, cancellationToken));
    }

    private static async Task<Results<Ok<RoutingPlanView>, ValidationProblem>> SetDefaultCategoryAsync(
        DefaultCategoryRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.ToListAsync(cancellationToken);
        if (categories.Find(c => c.Id == request.CategoryId) is not { } chosen)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["categoryId"] = [T["CategoryUnknown"]] });
        }

        // Exactly one default category per tenant: the flag moves.
        foreach (var category in categories)
        {
            category.IsDefault = category == chosen;
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, cancellationToken));
    }

    private static async Task<Results<Ok<RoutingTryResult>, ProblemHttpResult>> TryAsync(
        RoutingTryRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.RoutingRules.AsNoTracking().ToListAsync(cancellationToken);
        var defaultCategory = await db.Categories.AsNoTracking().Where(c => c.IsDefault).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (defaultCategory is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["NoDefaultCategoryTitle"],
                detail: T["NoDefaultCategory"]);
        }

        // A tenant has a handful of classifications: compare names in memory, without regard to case.
        var names = (request.Classifications ?? []).Select(n => n.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = names.Count == 0
            ? []
            : (await db.Classifications.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
                .Where(c => names.Contains(c.Name)).Select(c => c.Id).ToList();
        var input = new RoutingInput(request.Recipients ?? [], request.Sender ?? "", request.Subject ?? "", request.Body ?? "",
            [.. named, .. request.ClassificationIds ?? []]);
        var decision = RoutingPlan.Route(rules, defaultCategory.Value, input);
        return TypedResults.Ok(new RoutingTryResult(decision.CategoryId, RoutingNames.Of(decision.Priority), decision.RuleId));
    }

    internal static void Renumber(List<RoutingRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            rules[i].Position = i;
        }
    }

    /// <summary>Validates the request and, only when all of it is valid, copies it onto the rule (not its position).</summary>
    internal static async Task<FieldErrors> ApplyAsync(RoutingRule rule, RoutingRuleRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var condition = RoutingNames.Condition(request.Condition);
        string? value = null;
        Classification? classification = null;
        switch (condition)
        {
            case null:
                errors.Add("condition", T["ConditionUnknown", RoutingNames.AllConditions]);
                break;
            case RoutingCondition.RecipientAddress or RoutingCondition.SenderAddress:
                value = errors.Address("value", request.Value);
                break;
            case RoutingCondition.SenderDomain:
                value = request.Value?.Trim().TrimStart('@');
                if (value is not { Length: > 0 and <= 253 } || Uri.CheckHostName(value) != UriHostNameType.Dns || !value.Contains('.', StringComparison.Ordinal))
                {
                    errors.Add("value", T["DomainInvalid"]);
                }

                break;
            case RoutingCondition.Classification:
                classification = await ClassificationOfAsync(request, errors, db, cancellationToken);
                value = classification?.Name;
                break;
            default:
                value = errors.Required("value", request.Value, KeywordMaxLength, T["AKeyword"]);
                break;
        }

        if (request.CategoryId is not { } categoryId || !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            errors.Add("categoryId", T["CategoryUnknown"]);
        }

        var priority = request.Priority is null ? RequestPriority.Normal : RoutingNames.Priority(request.Priority);
        if (priority is null)
        {
            errors.Add("priority", T["PriorityUnknown"]);
        }

        if (!errors.Any)
        {
            rule.Condition = condition!.Value;
            rule.Value = value!;
            rule.ClassificationId = classification?.Id;
            rule.CategoryId = request.CategoryId!.Value;
            rule.Priority = priority!.Value;
            rule.Enabled = request.Enabled ?? true;
        }

        return errors;
    }

    /// <summary>The existing classification a classification rule names by id (or, failing that, by name); null after an error.</summary>
    private static async Task<Classification?> ClassificationOfAsync(
        RoutingRuleRequest request, FieldErrors errors, TenantDbContext db, CancellationToken cancellationToken)
    {
        Classification? found;
        if (request.ClassificationId is { } id)
        {
            found = await db.Classifications.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        }
        else if (!string.IsNullOrWhiteSpace(request.Value))
        {
            var name = request.Value.Trim();
            found = (await db.Classifications.AsNoTracking().ToListAsync(cancellationToken))
                .Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Name == name ? 0 : 1).FirstOrDefault();
        }
        else
        {
            errors.Add("classificationId", T["ClassificationMissing"]);
            return null;
        }

        if (found is null)
        {
            errors.Add("classificationId", T["ClassificationUnknown"]);
        }

        return found;
    }
}
