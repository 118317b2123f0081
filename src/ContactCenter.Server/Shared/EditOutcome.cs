namespace ContactCenter.Server;

/// <summary>
/// What saving or deleting one item of a list mask came to, shared by the API (which answers with 200/400/404/409)
/// and the page (which shows the errors beside the fields), so both apply the same rules.
/// </summary>
public sealed record EditOutcome<T>(T? Item, IReadOnlyDictionary<string, string[]> Errors, string? Conflict, bool Missing)
    where T : class
{
    public bool Succeeded => Item is not null;
}

/// <summary>Builds <see cref="EditOutcome{T}"/> values.</summary>
public static class EditOutcome
{
    private static readonly Dictionary<string, string[]> None = [];

    public static EditOutcome<T> Done<T>(T item) where T : class => new(item, None, null, false);

    public static EditOutcome<T> Invalid<T>(Dictionary<string, string[]> errors) where T : class => new(null, errors, null, false);

    public static EditOutcome<T> InConflict<T>(string message) where T : class => new(null, None, message, false);

    public static EditOutcome<T> NotFound<T>() where T : class => new(null, None, null, true);
}
