namespace ContactCenter.Server;

/// <summary>
/// Collects the per-field errors of one request (the shape <c>ValidationProblem</c> wants) while normalising its
/// text fields; feature-specific rules are extension methods beside their feature.
/// </summary>
public sealed class FieldErrors
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer T = Localization.Texts<SharedTexts>();

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    public Dictionary<string, string[]> ToDictionary() => new(_errors, StringComparer.Ordinal);

    public void Add(string field, string message) => _errors[field] = [.. _errors.GetValueOrDefault(field) ?? [], message];

    /// <summary>The trimmed text, or null when empty; an error when required and missing, or longer than <paramref name="maxLength"/>.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required)
        {
            Add(field, T["TextRequired", maxLength]);
        }
        else if (text?.Length > maxLength)
        {
            Add(field, T["TextTooLong", maxLength]);
        }

        return text;
    }

    /// <summary>An optional e-mail address: one address, no display name.</summary>
    public string? Email(string field, string? value, int maxLength)
    {
        var text = Text(field, value, maxLength);
        if (text is not null && !(System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text && string.IsNullOrEmpty(address.DisplayName)))
        {
            Add(field, T["EmailInvalid"]);
        }

        return text;
    }

    /// <summary>An optional web address: absolute http or https.</summary>
    public string? WebAddress(string field, string? value, int maxLength)
    {
        var text = Text(field, value, maxLength);
        if (text is not null && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            Add(field, T["WebAddressInvalid"]);
        }

        return text;
    }

    /// <summary>
    /// The trimmed text, or null after recording an error when it is missing or too long; <paramref name="what"/> is
    /// the localized thing to enter ("a name", "einen Namen").
    /// </summary>
    public string? Required(string field, string? value, int maxLength, string what)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || text.Length > maxLength)
        {
            Add(field, T["RequiredWhat", what, maxLength]);
            return null;
        }

        return text;
    }
}
