namespace ContactCenter.Server.Crm;

/// <summary>One page of search results.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

internal static class Paging
{
    public const int MaxPageSize = 200;

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<CrmTexts>();

    /// <summary>Checks page (from 1) and page size (1 to <see cref="MaxPageSize"/>).</summary>
    public static (int Page, int PageSize) Read(FieldErrors errors, int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p < 1)
        {
            errors.Add("page", Texts["PagesFromOne"]);
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", Texts["PageSizeRange", MaxPageSize]);
        }

        return (p, size);
    }
}
