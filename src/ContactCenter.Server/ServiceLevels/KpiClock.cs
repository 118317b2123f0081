using System.Runtime.CompilerServices;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.TenantSettings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ContactCenter.Server.ServiceLevels;

/// <summary>
/// Keeps every request's KPI times as it is saved, whoever saves it (the ingest, an answer, an agent's action, a job):
/// a new request, or one moved to another category, gets the warning and goal times of its category's KPI goal counted
/// in business hours from its creation; the clock stands still while the request waits for the customer (or is
/// closed) and, when it is open again, both times move on by the business time it stood still — and the request counts
/// as in time again for the crossings still ahead. Categories without a KPI goal leave the times empty.
/// </summary>
public sealed class KpiClock(TimeProvider clock) : ITenantContextHook
{
    /// <summary>How long a context's reading of the KPI settings serves (a fetch cycle's context lives for one cycle).</summary>
    private static readonly TimeSpan SettingsLifetime = TimeSpan.FromSeconds(30);

    private readonly ConditionalWeakTable<TenantDbContext, KpiSettings> _settings = new();

    public void Opened(TenantDbContext db, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.SavingChanges += (_, _) => Apply(db);
    }

    /// <summary>Sets the KPI times of the requests being saved.</summary>
    public void Apply(TenantDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var changed = db.ChangeTracker.Entries<Request>()
            .Where(e => e.State == EntityState.Added
                || (e.State == EntityState.Modified && (e.Property(r => r.Status).IsModified || e.Property(r => r.CategoryId).IsModified)))
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var settings = SettingsOf(db, now);
        foreach (var entry in changed)
        {
            var request = entry.Entity;
            var added = entry.State == EntityState.Added;
            if (added || !Equals(entry.Property(r => r.CategoryId).OriginalValue, request.CategoryId))
            {
                Start(request, settings);
            }

            var wasRunning = added ? request.Status == RequestStatus.Open : entry.Property(r => r.Status).OriginalValue == RequestStatus.Open;
            var running = request.Status == RequestStatus.Open;
            if (!running && (wasRunning || added))
            {
                request.KpiPausedAt ??= added ? request.CreatedAt : now;
            }
            else if (running && !wasRunning)
            {
                Resume(request, settings, now);
            }
        }
    }

    /// <summary>The warning and goal times from the request's creation, for its category's KPI goal; none without one.</summary>
    private static void Start(Request request, KpiSettings settings)
    {
        request.KpiState = KpiState.InTime;
        if (request.CategoryId is not { } category || !settings.Goals.TryGetValue(category, out var goal))
        {
            (request.KpiWarnAt, request.KpiDueAt) = (null, null);
            return;
        }

        var start = DateTime.SpecifyKind(request.CreatedAt, DateTimeKind.Utc);
        request.KpiWarnAt = ServiceLevelClock.DueAt(start, goal.Hours * goal.WarningPercent / 100.0, settings.Hours);
        request.KpiDueAt = ServiceLevelClock.DueAt(start, goal.Hours, settings.Hours);
    }

    /// <summary>Both times on by the business time the clock stood still; the crossings still ahead count as not told.</summary>
    private static void Resume(Request request, KpiSettings settings, DateTime now)
    {
        if (request.KpiPausedAt is not { } since)
        {
            return;
        }

        request.KpiPausedAt = null;
        var stood = ServiceLevelClock.Elapsed(DateTime.SpecifyKind(since, DateTimeKind.Utc), now, settings.Hours);
        if (stood <= TimeSpan.Zero || request.KpiDueAt is null)
        {
            return;
        }

        request.KpiWarnAt = request.KpiWarnAt is { } warn ? ServiceLevelClock.DueAt(DateTime.SpecifyKind(warn, DateTimeKind.Utc), stood, settings.Hours) : null;
        request.KpiDueAt = ServiceLevelClock.DueAt(DateTime.SpecifyKind(request.KpiDueAt.Value, DateTimeKind.Utc), stood, settings.Hours);
        // A crossing told of stays told while it is still behind; one the pause moved ahead again counts as not told.
        var behind = request.KpiDueAt <= now ? KpiState.Overdue : request.KpiWarnAt <= now ? KpiState.Warning : KpiState.InTime;
        request.KpiState = (KpiState)Math.Min((int)request.KpiState, (int)behind);
    }

    /// <summary>
    /// The tenant's business hours and each category's KPI goal (hours, and the warning share: the category's, else the
    /// tenant's), read once per context and lifetime. Read synchronously: saving has begun, and nothing else runs on the context.
    /// </summary>
    private KpiSettings SettingsOf(TenantDbContext db, DateTime now)
    {
        if (_settings.TryGetValue(db, out var known) && now - known.ReadAt < SettingsLifetime && now >= known.ReadAt)
        {
            return known;
        }

        var tenant = db.Settings.AsNoTracking().Single();
        var goals = db.CategoryProfiles.AsNoTracking().Where(p => p.KpiGoalHours != null && p.KpiGoalHours > 0)
            .Select(p => new { p.Id, p.KpiGoalHours, p.KpiWarningPercent }).ToList()
            .ToDictionary(p => p.Id, p => new KpiGoal(TimeSpan.FromHours(p.KpiGoalHours!.Value), p.KpiWarningPercent ?? tenant.ServiceLevelWarningPercent));
        var read = new KpiSettings(TenantSettingsService.BusinessHoursOf(tenant), goals, now);
        _settings.AddOrUpdate(db, read);
        return read;
    }

    private sealed record KpiGoal(TimeSpan Hours, int WarningPercent);

    private sealed record KpiSettings(BusinessHours Hours, Dictionary<Guid, KpiGoal> Goals, DateTime ReadAt);
}
