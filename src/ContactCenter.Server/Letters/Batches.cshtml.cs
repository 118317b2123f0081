using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Letters;

/// <summary>
/// Letters for many requests, reached from the inbox with its filters: how many requests they match, a button that
/// starts the batch (then its progress page), and the caller's recent batches.
/// </summary>
[Authorize(Policy = TenantPermissions.PolicyPrefix + nameof(Permission.ExportLetters))]
public sealed class BatchesModel(TenantDbContext db, LetterBatches batches, TimeProvider clock) : PageModel
{
    /// <summary>How many of the caller's batches the page lists.</summary>
    public const int RecentShown = 10;

    /// <summary>The inbox's filters, under the inbox's names (the link from the inbox carries its query string).</summary>
    [BindProperty(SupportsGet = true, Name = "")]
    public InboxFilter Filter { get; set; } = new();

    /// <summary>How many requests the filters match; null when they are not valid.</summary>
    public int? Matching { get; private set; }

    /// <summary>The filters as shown: their label's text key and value (names for ids).</summary>
    public IReadOnlyList<(string Label, string Value)> FilterSummary { get; private set; } = [];

    public IReadOnlyList<LetterBatch> Recent { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public string? TimeZone { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await batches.StartAsync((await RequestScope.BindAsync(HttpContext))!, User, Filter.ToInput(), cancellationToken);
        if (outcome.Started is { } started)
        {
            return Redirect(Url.Content($"~/letters/batches/{started.Id}"));
        }

        Errors.Add(outcome.Errors?.AsReadOnly() ?? new Dictionary<string, string[]> { [""] = [outcome.Problem!.Detail] }.AsReadOnly());
        Response.StatusCode = outcome.Problem?.Status ?? StatusCodes.Status400BadRequest;
        await ShowAsync(cancellationToken);
        return Page();
    }

    private async Task ShowAsync(CancellationToken cancellationToken)
    {
        var input = Filter.ToInput();
        var scope = (await RequestScope.BindAsync(HttpContext))!;
        var counted = (await RequestsEndpoints.ListAsync(db, scope, User, clock, input.Status ?? "active", input.CategoryId, input.Q, "1", "1", input.PartitionId,
            Filter.Mine ? "me" : null, input.Due, "due", input.Folder, cancellationToken)).Result;
        Matching = counted is Ok<ResultPage<RequestListItem>> { Value: { } page } ? page.Total : null;
        if (counted is ValidationProblem invalid && !Errors.Any)
        {
            Errors.Add(invalid.ProblemDetails.Errors.AsReadOnly());
        }

        var category = Filter.CategoryId is { } c ? await db.Categories.Where(x => x.Id == c).Select(x => x.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var partition = Filter.PartitionId is { } p ? await db.ClientPartitions.Where(x => x.Id == p).Select(x => x.Name).SingleOrDefaultAsync(cancellationToken) : null;
        FilterSummary = new (string, string?)[]
            {
                ("FilterStatus", input.Status ?? "active"), ("FilterCategory", category), ("FilterPartition", partition), ("FilterDue", Filter.Due),
                ("FilterMine", Filter.Mine ? "✓" : null), ("FilterSecondLevel", Filter.SecondLevel ? "✓" : null), ("FilterText", Filter.Q),
            }
            .Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => (f.Item1, f.Item2!)).ToList();
        Recent = await batches.RecentAsync(User, RecentShown, cancellationToken);
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
    }
}

/// <summary>The inbox's filters as its query string names them.</summary>
public sealed class InboxFilter
{
    public string? Status { get; set; }

    public Guid? CategoryId { get; set; }

    public string? Q { get; set; }

    public Guid? PartitionId { get; set; }

    public string? Due { get; set; }

    public bool Mine { get; set; }

    public bool SecondLevel { get; set; }

    /// <summary>The filters as the batch API takes them.</summary>
    public LetterBatchInput ToInput() =>
        new(Status, CategoryId?.ToString(), Q, PartitionId?.ToString(), Due, null, Mine, SecondLevel ? RequestsEndpoints.SecondLevelFolder : null);
}
