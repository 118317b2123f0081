namespace ContactCenter.Server.Crm;

/// <summary>Collects per-field errors of one request while normalising its text fields (trimmed, empty → null).</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Any => _errors.Count > 0;

    public IDictionary<string, string[]> ToDictionary() => _errors;

    public void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field) ?? [], message];

    /// <summary>The trimmed text, or null when empty; an error when required and missing, or longer than <paramref name="maxLength"/>.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required)
        {
            Add(field, $"Enter a value of 1 to {maxLength} characters.");
        }
        else if (text?.Length > maxLength)
        {
            Add(field, $"Enter at most {maxLength} characters.");
        }

        return text;
    }

    /// <summary>An optional e-mail address: one address, no display name.</summary>
    public string? Email(string field, string? value, int maxLength)
    {
        var text = Text(field, value, maxLength);
        if (text is not null && !(System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text && string.IsNullOrEmpty(address.DisplayName)))
        {
            Add(field, "Enter one e-mail address such as name@example.com.");
        }

        return text;
    }

    /// <summary>An optional web address: absolute http or https.</summary>
    public string? WebAddress(string field, string? value, int maxLength)
    {
        var text = Text(field, value, maxLength);
        if (text is not null && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            Add(field, "Enter an address starting with http:// or https://.");
        }

        return text;
    }
}

/// <summary>One page of search results.</summary>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

internal static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Checks page (from 1) and page size (1 to <see cref="MaxPageSize"/>).</summary>
    public static (int Page, int PageSize) Read(FieldErrors errors, int? page, int? pageSize)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p < 1)
        {
            errors.Add("page", "Pages are counted from 1.");
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"Choose a page size of 1 to {MaxPageSize}.");
        }

        return (p, size);
    }
}
