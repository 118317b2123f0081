namespace ContactCenter.Server.Crm;

/// <summary>What the contact and company pages share: the page size and the page links.</summary>
internal static class CrmPages
{
    /// <summary>Rows per page of search results in the browser (the API lets its callers choose).</summary>
    public const int PageSize = 20;

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
}

/// <summary>One text field of a CRM form, as the <c>_Field</c> partial shows it; <c>Name</c> is the API's field name, <c>Label</c> is localized.</summary>
public sealed record FieldView(string Name, string Label, string? Value, int MaxLength, string? Error, string Type = "text");
