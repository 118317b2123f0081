using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Notifications;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Forwarding;

/// <summary>
/// Every minute, tells the agent of each forwarded request whose external contact has not answered within the
/// reminder hours (the category's, else the tenant's) — once per forward or reminder sent, in the bell — so that they
/// can send a reminder from the request page. Suspended tenants are skipped; one tenant's failure holds up no other.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed partial class ForwardReminderJob(
    CatalogDbContext catalog, TenantDatabaseFactory databases, TimeProvider time, ILogger<ForwardReminderJob> logger) : IRecurringJob
{
    public const string Id = "forwarding:reminders";

    public const string Cron = "* * * * *";

    /// <summary>How many due requests one tenant's run handles; the rest wait a minute.</summary>
    private const int Batch = 500;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var active = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken);
        foreach (var tenant in active.Select(TenantRecord.From))
        {
            try
            {
                await using var db = databases.Open(tenant);
                db.Actor = "system";
                await RemindAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                LogTenantFailed(tenant.Slug, failed);
            }
        }
    }

    /// <summary>Notifies for every request of the tenant whose reminder is due, and clears its reminder time; returns how many.</summary>
    public static async Task<int> RemindAsync(TenantDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var due = await db.Requests.Where(r => r.ForwardReminderAt != null && r.ForwardReminderAt <= now && r.SecondLevelSince != null)
            .OrderBy(r => r.ForwardReminderAt).Take(Batch).ToListAsync(cancellationToken);
        foreach (var request in due)
        {
            var forwarder = await db.RequestMessages.AsNoTracking()
                .Where(m => m.RequestId == request.Id && (m.Kind == MessageKind.Forward || m.Kind == MessageKind.Reminder) && m.AuthorId != null)
                .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Select(m => m.AuthorId).FirstOrDefaultAsync(cancellationToken)
                ?? request.AssigneeId;
            if (forwarder is { } person)
            {
                var key = $"{PersonNotifications.ForwardUnanswered}:{request.Id:N}:{request.ForwardReminderAt!.Value.Ticks}";
                await PersonNotifications.AddAsync(db, person, PersonNotifications.ForwardUnanswered, key, request.Id, request.ForwardedTo, now, cancellationToken);
            }

            request.ForwardReminderAt = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The forwards of tenant {Slug} could not be looked at")]
    private partial void LogTenantFailed(string slug, Exception failure);
}
