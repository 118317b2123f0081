using System.Security.Claims;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.TenantSettings;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Letters;

/// <summary>A batch started (its id and size), the filter's problems, or a problem of the batch as a whole (nothing or too much matched).</summary>
public sealed record LetterBatchOutcome(LetterBatchStarted? Started, IDictionary<string, string[]>? Errors, ReplyProblem? Problem);

/// <summary>
/// Batch letter exports: starting one (the requests the inbox filter matches in the caller's scope, fixed when it
/// starts, then a job of its own), reading its progress, and where its zip lies. A batch belongs to whoever started
/// it; for everyone else it does not exist.
/// </summary>
public sealed class LetterBatches(
    TenantDbContext db, TenantContext tenant, LetterExports exports, TenantSettingsValidator paths, IBackgroundJobClient jobs, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>The folder under the tenant's letter folder that holds the batches' zips (the output directory setting never names it: its files are PDFs).</summary>
    public const string ZipFolder = ".batches";

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<LettersTexts>();

    /// <summary>The most requests one batch takes (<c>Letters:BatchLimit</c>).</summary>
    public int Limit => configuration.GetValue("Letters:BatchLimit", 10_000);

    /// <summary>Matches the filter as the inbox does and enqueues the batch's job; the batch is queued when this returns.</summary>
    public async Task<LetterBatchOutcome> StartAsync(RequestScope scope, ClaimsPrincipal user, LetterBatchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var assignee = input.Assignee;
        if (input.Mine == true)
        {
            if (!string.IsNullOrWhiteSpace(assignee))
            {
                return new LetterBatchOutcome(null, new Dictionary<string, string[]> { ["mine"] = [Texts["MineOrAssignee"]] }, null);
            }

            assignee = "me";
        }

        var status = string.IsNullOrWhiteSpace(input.Status) ? "active" : input.Status;
        var ids = new List<Guid>();
        var seen = new HashSet<Guid>();
        for (var page = 1; ; page++)
        {
            var result = (await RequestsEndpoints.ListAsync(db, scope, user, clock, status, input.CategoryId, input.Q, RequestPages.Invariant(page), "200",
                input.PartitionId, assignee, input.Due, "due", input.Folder, cancellationToken)).Result;
            if (result is ValidationProblem invalid)
            {
                return new LetterBatchOutcome(null, invalid.ProblemDetails.Errors, null);
            }

            var list = ((Ok<ResultPage<RequestListItem>>)result).Value!;
            if (list.Total > Limit)
            {
                return new LetterBatchOutcome(null, null, new ReplyProblem(StatusCodes.Status400BadRequest, Texts["TooManyTitle"], Texts["TooMany", list.Total, Limit]));
            }

            ids.AddRange(list.Items.Select(i => i.Id).Where(seen.Add));
            if (list.Items.Count == 0 || page * list.PageSize >= list.Total)
            {
                break;
            }
        }

        if (ids.Count == 0)
        {
            return new LetterBatchOutcome(null, null, new ReplyProblem(StatusCodes.Status400BadRequest, Texts["NothingMatchesTitle"], Texts["NothingMatches"]));
        }

        var batch = new LetterBatch
        {
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = CreatorOf(user),
            CreatorName = Cut(await exports.AgentNameAsync(user, cancellationToken), LetterBatch.CreatorMaxLength),
            Filter = Cut(JsonSerializer.Serialize(input with { Status = status }, JsonSerializerOptions.Web), LetterBatch.FilterMaxLength),
            RequestIds = string.Join('\n', ids),
            Total = ids.Count,
        };
        db.LetterBatches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        var tenantId = tenant.Required.Id;
        jobs.Enqueue<LetterBatchJob>(job => job.RunAsync(tenantId, batch.Id, CancellationToken.None));
        return new LetterBatchOutcome(new LetterBatchStarted(batch.Id, batch.Total), null, null);
    }

    /// <summary>The caller's batch; null when there is none or someone else started it.</summary>
    public Task<LetterBatch?> FindAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var creator = CreatorOf(user);
        return db.LetterBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id && b.CreatedBy == creator, cancellationToken);
    }

    /// <summary>The caller's latest batches, newest first.</summary>
    public Task<List<LetterBatch>> RecentAsync(ClaimsPrincipal user, int count, CancellationToken cancellationToken)
    {
        var creator = CreatorOf(user);
        return db.LetterBatches.AsNoTracking().Where(b => b.CreatedBy == creator).OrderByDescending(b => b.CreatedAt).Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>The batch's zip (present once it finished).</summary>
    public string ZipPath(Guid batchId) => ZipPathOf(paths, tenant.Required.Id, batchId);

    /// <summary>Where a batch's zip lies: the tenant's folder under the letter output root.</summary>
    public static string ZipPathOf(TenantSettingsValidator paths, Guid tenantId, Guid batchId)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.LetterOutputFor(tenantId).ResolveTenantDirectory(ZipFolder), batchId.ToString("D") + ".zip");
    }

    /// <summary>The batch as the API shows it, failure reasons in the current language.</summary>
    public static LetterBatchProgressItem Progress(LetterBatch batch, string? download)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = (JsonSerializer.Deserialize<List<StoredFailure>>(batch.Failures, JsonSerializerOptions.Web) ?? [])
            .Select(f => new LetterBatchFailureItem(f.RequestId, f.Number, f.Reason, Texts["Failure_" + f.Reason, f.Detail ?? ""])).ToList();
        return new LetterBatchProgressItem(batch.Id, batch.State.ToString().ToLowerInvariant(), batch.Total, batch.Done, batch.Failed,
            RequestValues.Utc(batch.CreatedAt), RequestValues.Utc(batch.StartedAt), RequestValues.Utc(batch.FinishedAt), batch.Error, failures,
            batch.State == LetterBatchState.Finished ? download : null);
    }

    /// <summary>Who a batch belongs to: the token's subject (a person, or a client acting for itself).</summary>
    public static string CreatorOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Cut(user.FindFirst(ProviderClaims.Subject)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "", LetterBatch.CreatorMaxLength);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>A request a batch could not export, as the batch row keeps it: the reason's key and what the renderer said.</summary>
internal sealed record StoredFailure(Guid RequestId, long? Number, string Reason, string? Detail);
