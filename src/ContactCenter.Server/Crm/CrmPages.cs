using ContactCenter.Data.Tenant;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Crm;

/// <summary>What the contact and company pages share: the API's error shape, page links, the partition choice.</summary>
internal static class CrmPages
{
    /// <summary>Rows per page of search results in the browser (the API lets its callers choose).</summary>
    public const int PageSize = 20;

    /// <summary>
    /// Values the form could not even bind (a tampered id, say), under the API's field names, so they are shown
    /// beside the field like the API's own validation errors.
    /// </summary>
    public static Dictionary<string, string[]> BindingErrors(ModelStateDictionary modelState) =>
        modelState.Where(entry => entry.Value?.Errors.Count > 0)
            .ToDictionary(entry => FieldName(entry.Key), _ => UnboundValue, StringComparer.Ordinal);

    private static readonly string[] UnboundValue = ["Choose or enter a valid value."];

    /// <summary>The per-field errors of a handler's answer, or none when it succeeded.</summary>
    public static Dictionary<string, string[]> ErrorsOf(IResult result) =>
        result is ValidationProblem problem ? new Dictionary<string, string[]>(problem.ProblemDetails.Errors, StringComparer.Ordinal) : [];

    /// <summary>The page numbers to link: the first, the last and a few around the current one (0 marks a gap).</summary>
    public static IReadOnlyList<int> PageLinks(int page, int total)
    {
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var shown = Enumerable.Range(1, pages).Where(p => p == 1 || p == pages || Math.Abs(p - page) <= 2).ToList();
        var links = new List<int>();
        foreach (var p in shown)
        {
            if (links.Count > 0 && p - links[^1] > 1)
            {
                links.Add(0);
            }

            links.Add(p);
        }

        return links;
    }

    /// <summary>The enabled partitions, plus <paramref name="current"/> even when it was disabled since (it is kept).</summary>
    public static async Task<IReadOnlyList<(Guid Id, string Name)>> PartitionChoicesAsync(TenantDbContext db, Guid? current, CancellationToken cancellationToken) =>
        (await db.ClientPartitions.AsNoTracking().Where(p => p.Enabled || p.Id == current).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Enabled }).ToListAsync(cancellationToken))
        .Select(p => (p.Id, p.Enabled ? p.Name : p.Name + " (disabled)")).ToList();

    private static string FieldName(string key)
    {
        var name = key[(key.LastIndexOf('.') + 1)..];
        return name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
    }
}

/// <summary>One text field of a CRM form, as the <c>_Field</c> partial shows it; <c>Name</c> is the API's field name.</summary>
public sealed record FieldView(string Name, string Label, string? Value, int MaxLength, string? Error, string Type = "text");
