using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Requests;

/// <summary>What the request and quarantine pages share: the tenant's time zone and the words for statuses and priorities.</summary>
internal static class RequestPages
{
    public static Task<string?> TimeZoneAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        db.Settings.AsNoTracking().Select(s => (string?)s.TimeZone).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A number as the query string carries it.</summary>
    public static string? Invariant(int? number) => number?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A time of the API (UTC) as a person of the tenant reads it.</summary>
    public static string Time(DateTime? utc, string? timeZone) =>
        utc is { } time ? TenantTime.Format(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)), timeZone) : "";

    /// <summary>The localized word of an API value: <c>open</c> is the text <c>StatusOpen</c>, <c>high</c> the text <c>PriorityHigh</c>.</summary>
    /// <summary>The history's change codes that have a text (<c>Change…</c> in the texts).</summary>
    private static readonly HashSet<string> WordedChanges = new(StringComparer.Ordinal)
    {
        "created", "linked", "message-in", "message-out", "delivery-failed", "reopened", "status", "note", "assigned", "recategorised", "priority", "closed",
        "forwarded", "forward-reminder", "forward-answered", "forward-answer-held", "second-level-query", "second-level-answer",
        "escalated", "escalated-in", "message-passed-on",
    };

    /// <summary>A history entry's change (<c>message-in</c>, <c>assigned</c>, …) in the reader's language; the code itself when it has no text.</summary>
    public static string Change(IStringLocalizer texts, string change)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(change);
        return WordedChanges.Contains(change)
            ? texts["Change" + string.Concat(change.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]))]
            : change;
    }

    public static string Word(IStringLocalizer texts, string kind, string? value) =>
        string.IsNullOrEmpty(value) ? "" : texts[kind + char.ToUpperInvariant(value[0]) + value[1..]];
}

/// <summary>The page links of a list (<c>_Pages</c> partial): the numbers to show (0 for a gap), the current one, each one's address.</summary>
public sealed record PageNav(IReadOnlyList<int> Links, int Current, Func<int, string> Address);

/// <summary>One page of a list as a page shows it: the rows and page links from the answer of the API's list handler.</summary>
public sealed class ListPage<T>
{
    public IReadOnlyList<T> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Current { get; private set; } = 1;

    /// <summary>The page numbers to link (0 marks a gap).</summary>
    public IReadOnlyList<int> Links { get; private set; } = [];

    /// <summary>Takes the rows of a successful answer; otherwise shows its messages beside <paramref name="field"/> and answers 400.</summary>
    public void Fill(IResult result, FormErrors errors, HttpResponse response, string field)
    {
        if (result is not Ok<ResultPage<T>> { Value: { } found })
        {
            errors.AddOutcome(result, field);
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        (Rows, Total, Current) = (found.Items, found.Total, found.Page);
        Links = CrmPages.PageLinks(found.Page, found.Total);
    }
}
