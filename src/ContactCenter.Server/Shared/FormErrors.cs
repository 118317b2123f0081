using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server;

/// <summary>
/// The messages a page shows beside its fields, under the API's field names. A page model holds one and fills it from
/// what the form could not bind, from the outcome of the API handler it called, or from its own checks, so a mask
/// applies the API's rules and shows the API's messages instead of keeping a second copy of either.
/// </summary>
public sealed class FormErrors
{
    private static readonly IStringLocalizer T = Localization.Texts<SharedTexts>();

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    /// <summary>Every field with its messages.</summary>
    public IReadOnlyDictionary<string, string[]> All => _errors;

    /// <summary>The messages of one field joined for display, or null when it has none.</summary>
    public string? this[string field] => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>The messages of a field and of its nested entries (<c>kpi</c> also shows <c>kpi.goalHours</c> and <c>kpi[0]</c>).</summary>
    public IReadOnlyList<string> Under(string field) =>
        _errors.Where(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Value).ToList();

    public void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field) ?? [], message];

    public void Add(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    public void Clear() => _errors.Clear();

    /// <summary>
    /// Values the form could not even bind (a tampered id, say), under the API's field names (the last segment of the
    /// model key, camel-cased). True when there were any.
    /// </summary>
    public bool AddUnbound(ModelStateDictionary modelState)
    {
        var before = Count;
        foreach (var (key, entry) in modelState)
        {
            if (entry.Errors.Count > 0)
            {
                Add(FieldName(key), T["UnboundValue"]);
            }
        }

        return Count > before;
    }

    /// <summary>
    /// The outcome of an API handler the page called: a validation problem's fields, or a problem's detail (a
    /// refusal, a conflict) or a missing item beside <paramref name="problemField"/>. True when the call was refused.
    /// </summary>
    public bool AddOutcome(IResult result, string problemField)
    {
        switch (result)
        {
            case ValidationProblem validation:
                Add(validation.ProblemDetails.Errors.AsReadOnly());
                return true;
            case ProblemHttpResult problem:
                Add(problemField, problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? T["Refused"]);
                return true;
            case NotFound:
                Add(problemField, T["NoLongerExists"]);
                return true;
            case INestedHttpResult nested:
                return AddOutcome(nested.Result, problemField);
            default:
                return false;
        }
    }

    /// <summary>What saving or deleting an item of a list mask came to: its errors, a conflict beside <paramref name="conflictField"/>, a missing item beside it too. True when it failed.</summary>
    public bool AddOutcome<T>(EditOutcome<T> outcome, string conflictField = "name") where T : class
    {
        Add(outcome.Errors);
        if (outcome.Conflict is { } conflict)
        {
            Add(conflictField, conflict);
        }

        if (outcome.Missing)
        {
            Add(conflictField, FormErrors.T["NoLongerExists"]);
        }

        return !outcome.Succeeded;
    }

    private static string FieldName(string key)
    {
        var name = key[(key.LastIndexOf('.') + 1)..];
        return name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
    }
}
