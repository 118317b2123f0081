using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Notifications;
using ContactCenter.Server.Outbox;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.ServiceLevels;

/// <summary>What one tenant's KPI run did: the crossings found, the notifications added, the mails sent.</summary>
public sealed record KpiRun(int Crossings, int Notified, int Mailed);

/// <summary>
/// Every minute, finds each tenant's open requests that crossed their category's KPI warning threshold or goal
/// (<see cref="KpiClock"/> keeps the times) and tells the supervisors the category's KPI settings name: in the bell
/// where web notification is chosen, by e-mail where e-mail is (through the tenant's outbound server, else platform
/// mail) — once per crossing: the request remembers which crossing was told, in the same commit as the bell's entries.
/// A request found past both at once is told of the goal only.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed partial class KpiJob(
    CatalogDbContext catalog, TenantDatabaseFactory databases, OutboxSendJob mail, PlatformMailDispatcher platformMail, TimeProvider time,
    ILogger<KpiJob> logger) : IRecurringJob
{
    public const string Id = "kpi:check";

    public const string Cron = "* * * * *";

    public const string WarningKind = "kpi-warning";
    public const string OverdueKind = "kpi-overdue";

    /// <summary>How many crossings one tenant's run handles; the rest come a minute later.</summary>
    private const int Batch = 500;

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<ServiceLevelTexts>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var active = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken);
        foreach (var tenant in active.Select(TenantRecord.From))
        {
            try
            {
                await RunTenantAsync(tenant, cancellationToken);
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                LogTenantFailed(tenant.Slug, failed);
            }
        }
    }

    /// <summary>Tells of the tenant's new crossings.</summary>
    public async Task<KpiRun> RunTenantAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var db = databases.Open(tenant);
        db.Actor = "system";
        var now = time.GetUtcNow().UtcDateTime;
        var crossed = await db.Requests
            .Where(r => r.KpiWarnAt != null && r.KpiWarnAt <= now && r.Status == RequestStatus.Open
                && (r.KpiState == KpiState.InTime || (r.KpiState == KpiState.Warning && r.KpiDueAt <= now)))
            .OrderBy(r => r.KpiWarnAt).Take(Batch).ToListAsync(cancellationToken);
        var categories = crossed.Select(r => r.CategoryId).OfType<Guid>().Distinct().ToList();
        var profiles = await db.CategoryProfiles.AsNoTracking().Where(p => categories.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var names = await db.Categories.AsNoTracking().Where(c => categories.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var notified = 0;
        var notices = new List<(Request Request, KpiState Level, IReadOnlyList<Guid> Supervisors)>();
        foreach (var request in crossed)
        {
            var level = request.KpiDueAt <= now ? KpiState.Overdue : KpiState.Warning;
            if (level <= request.KpiState)
            {
                continue;
            }

            request.KpiState = level;
            if (request.CategoryId is not { } category || !profiles.TryGetValue(category, out var profile))
            {
                continue;
            }

            var supervisors = CategoryProfile.ParseIds(profile.KpiSupervisorIds);
            var kind = level == KpiState.Overdue ? OverdueKind : WarningKind;
            var crossing = (level == KpiState.Overdue ? request.KpiDueAt : request.KpiWarnAt)!.Value.Ticks;
            if (profile.KpiNotifyByWeb)
            {
                foreach (var supervisor in supervisors)
                {
                    notified += await PersonNotifications.AddAsync(db, supervisor, kind, $"{kind}:{request.Id:N}:{crossing}", request.Id, names[category], now, cancellationToken) ? 1 : 0;
                }
            }

            if (profile.KpiNotifyByEmail && supervisors.Count > 0)
            {
                notices.Add((request, level, supervisors));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var mailed = 0;
        foreach (var (request, level, supervisors) in notices)
        {
            mailed += await MailAsync(tenant, db, request, level, names[request.CategoryId!.Value], supervisors, cancellationToken);
        }

        return new KpiRun(crossed.Count, notified, mailed);
    }

    /// <summary>The crossing by e-mail to each supervisor with an address, in the tenant's language; how many were sent.</summary>
    private async Task<int> MailAsync(
        TenantRecord tenant, TenantDbContext db, Request request, KpiState level, string category, IReadOnlyList<Guid> supervisors, CancellationToken cancellationToken)
    {
        var addresses = await catalog.Users.AsNoTracking().Where(u => supervisors.Contains(u.Id) && u.Email != null).Select(u => u.Email!).ToListAsync(cancellationToken);
        var language = await db.Settings.AsNoTracking().Select(s => s.Language).SingleAsync(cancellationToken);
        var kind = level == KpiState.Overdue ? "Overdue" : "Warning";
        var (subject, text) = Localization.In(language, () => (
            Texts["Mail" + kind + "Subject", request.Number, category].Value,
            Texts["Mail" + kind + "Text", request.Number, request.Subject, category, tenant.Name].Value));
        var sender = (await ReplyMail.SenderAddressesAsync(db, cancellationToken)).FirstOrDefault();
        var sent = 0;
        foreach (var address in addresses)
        {
            if (sender is null)
            {
                sent += platformMail.Enqueue(new PlatformMailMessage(address, subject, text)) ? 1 : 0;
                continue;
            }

            var notice = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(MailboxAddress.Parse(sender).Domain) };
            notice.From.Add(new MailboxAddress(tenant.Name, sender));
            notice.To.Add(MailboxAddress.Parse(address));
            notice.Headers.Add(HeaderId.AutoSubmitted, "auto-generated");
            notice.Body = new TextPart("plain") { Text = text };
            if (await mail.SendNoticeAsync(tenant.Id, db, notice, cancellationToken) is { } refused)
            {
                LogMailRefused(tenant.Slug, request.Number, refused);
                continue;
            }

            sent++;
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The KPI crossings of tenant {Slug} could not be checked")]
    private partial void LogTenantFailed(string slug, Exception failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The KPI mail of tenant {Slug} on request {Number} was not accepted: {Reason}")]
    private partial void LogMailRefused(string slug, long number, string reason);
}
