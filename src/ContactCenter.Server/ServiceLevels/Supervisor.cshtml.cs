using System.Globalization;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.ServiceLevels;

/// <summary>One category's row of the supervisor dashboard; <see cref="Backlog"/> holds the open requests at the end of each of the last days, oldest first.</summary>
public sealed record CategoryLoad(
    Guid? CategoryId, string Name, int Open, int Waiting, int DueToday, int InWarning, int Overdue, DateTime? Oldest, int Escalations, IReadOnlyList<int> Backlog);

/// <summary>
/// The supervisor dashboard: per category of the caller's scope, the open and waiting requests, those due today, in
/// KPI warning and overdue, the oldest open one, the escalations of the last days, and the backlog (open and waiting)
/// at the end of each of the last 14 days as a small chart.
/// </summary>
[Authorize(Policy = TenantRoles.Supervisor)]
public sealed class SupervisorModel(TenantDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>How many days the backlog chart shows.</summary>
    public const int ChartDays = 14;

    /// <summary>How many days back escalations are counted.</summary>
    public const int EscalationDays = 7;

    public IReadOnlyList<CategoryLoad> Categories { get; private set; } = [];

    public string? TimeZone { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scope = (await RequestScope.BindAsync(HttpContext))!;
        var now = clock.GetUtcNow().UtcDateTime;
        var endOfToday = await RequestsEndpoints.EndOfTodayAsync(db, clock, cancellationToken);
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        var requests = scope.Apply(db.Requests.AsNoTracking());
        var active = requests.Where(r => r.Status == RequestStatus.Open || r.Status == RequestStatus.Waiting);
        var counts = await active.GroupBy(r => r.CategoryId).Select(g => new
        {
            CategoryId = g.Key,
            Open = g.Count(r => r.Status == RequestStatus.Open),
            Waiting = g.Count(r => r.Status == RequestStatus.Waiting),
            DueToday = g.Count(r => r.DueAt != null && r.DueAt >= now && r.DueAt < endOfToday),
            InWarning = g.Count(r => r.Status == RequestStatus.Open && r.KpiWarnAt != null && r.KpiWarnAt <= now && !(r.KpiDueAt <= now)),
            Overdue = g.Count(r => r.DueAt != null && r.DueAt < now),
            Oldest = g.Min(r => (DateTime?)r.CreatedAt),
        }).ToListAsync(cancellationToken);
        var since = now.AddDays(-EscalationDays);
        var escalations = await db.RequestHistory.AsNoTracking()
            .Where(h => h.At >= since && h.Change.StartsWith("escalat"))
            .Join(requests, h => h.RequestId, r => r.Id, (h, r) => r.CategoryId)
            .GroupBy(c => c).Select(g => new { CategoryId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CategoryId ?? Guid.Empty, g => g.Count, cancellationToken);
        var backlog = await BacklogAsync(requests, endOfToday, cancellationToken);
        var names = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var shown = counts.Select(c => c.CategoryId).Concat(backlog.Keys.Select(k => k == Guid.Empty ? (Guid?)null : k)).Distinct();
        Categories = shown.Select(id =>
        {
            var count = counts.FirstOrDefault(c => c.CategoryId == id);
            return new CategoryLoad(id, id is { } known && names.TryGetValue(known, out var name) ? name : "",
                count?.Open ?? 0, count?.Waiting ?? 0, count?.DueToday ?? 0, count?.InWarning ?? 0, count?.Overdue ?? 0, count?.Oldest,
                escalations.GetValueOrDefault(id ?? Guid.Empty), backlog.GetValueOrDefault(id ?? Guid.Empty) ?? new int[ChartDays]);
        }).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>Per category (none as the empty id), the requests open or waiting at the end of each of the last days: created by then and not closed by then.</summary>
    private static async Task<Dictionary<Guid, int[]>> BacklogAsync(IQueryable<Request> requests, DateTime endOfToday, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, int[]>();
        for (var day = 0; day < ChartDays; day++)
        {
            var end = endOfToday.AddDays(day - ChartDays + 1);
            // A closed request without a closing time (none should be) does not count as open for ever.
            var open = await requests.Where(r => r.CreatedAt < end && (r.ClosedAt == null || r.ClosedAt >= end) && (r.Status != RequestStatus.Closed || r.ClosedAt != null))
                .GroupBy(r => r.CategoryId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            foreach (var category in open)
            {
                var key = category.Key ?? Guid.Empty;
                if (!result.TryGetValue(key, out var days))
                {
                    result[key] = days = new int[ChartDays];
                }

                days[day] = category.Count;
            }
        }

        return result;
    }

    /// <summary>The backlog as the points of an SVG polyline in a 140 × 30 box, the highest day at the top.</summary>
    public static string ChartPoints(IReadOnlyList<int> backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        var top = Math.Max(1, backlog.Count == 0 ? 1 : backlog.Max());
        return string.Join(' ', backlog.Select((count, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{i * 140.0 / Math.Max(1, backlog.Count - 1):0.#},{28 - (count * 26.0 / top):0.#}")));
    }
}
