using System.Globalization;
using System.Security.Claims;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Crm;
using ContactCenter.Server.Forwarding;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Reading requests: the list (filtered, searched, a page at a time), one request with its conversation, and the
/// original bytes of each message, each within the caller's <see cref="RequestScope"/>: a request outside it is not found.
/// </summary>
public static class RequestsEndpoints
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<RequestsTexts>();

    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests").WithTags("Requests").RequireTenant().RequireAuthorization(TenantRoles.Member);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id:guid}", async Task<Results<Ok<RequestDetail>, NotFound>> (Guid id, TenantDbContext db, RequestScope scope, CancellationToken ct) =>
                await FindAsync(db, scope, id, ct) is { } request ? TypedResults.Ok(request) : TypedResults.NotFound())
            .WithSummary("A request with its messages (HTML sanitised), notes and history, each oldest first.");
        api.MapGet("/{id:guid}/messages/{messageId:guid}/raw", RawAsync);
        api.MapGet("/events", (RequestEvents events, TenantContext tenant, HttpContext http, CancellationToken ct) =>
            {
                // Proxies (nginx) pass the events on as they come instead of collecting them.
                http.Response.Headers["X-Accel-Buffering"] = "no";
                return TypedResults.ServerSentEvents(ChangesAsync(events, tenant.Required.Id, ct));
            })
            .WithSummary("Server-sent events: 'ready' once, then 'requests' whenever requests of the tenant change (read the list again through your scope); 'ping' every 25 s.");
        api.MapRequestAttachments();
        api.MapRequestActions();
        api.MapRequestReplies();
        api.MapForwarding();
        return app;
    }

    /// <summary>The events of one subscriber: ready, then a wake-up per change (bursts taken together), a ping when all is quiet.</summary>
    private static async IAsyncEnumerable<System.Net.ServerSentEvents.SseItem<string>> ChangesAsync(
        RequestEvents events, Guid tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = events.Subscribe(tenantId);
        yield return new("live", "ready");
        while (!cancellationToken.IsCancellationRequested)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(TimeSpan.FromSeconds(25));
            var changed = false;
            try
            {
                changed = await subscription.Changes.WaitToReadAsync(quiet.Token) && subscription.Changes.TryRead(out _);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Quiet for 25 s: a ping below keeps proxies from closing the connection.
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            yield return changed ? new("changed", "requests") : new("", "ping");
        }
    }

    /// <summary>The <c>folder</c> of the requests waiting for an external contact they were forwarded to.</summary>
    public const string SecondLevelFolder = "second-level";

    /// <summary>
    /// Requests, newest updatedAt first (sort=due: the soonest due first, those without a due time last): status open (the
    /// default), waiting, active (open and waiting), closed or all; q searches subject, sender and body text in any case;
    /// partitionId; assignee me, none or a person's id; due overdue or today (before the end of the tenant's day); pages
    /// of 50 unless pageSize (1 to 200) says otherwise; folder second-level: only those waiting for an external contact
    /// they were forwarded to.
    /// </summary>
    internal static async Task<Results<Ok<ResultPage<RequestListItem>>, ValidationProblem>> ListAsync(
        TenantDbContext db, RequestScope scope, ClaimsPrincipal user, TimeProvider clock, string? status, string? categoryId, string? q, string? page,
        string? pageSize, string? partitionId, string? assignee, string? due, string? sort, string? folder, CancellationToken cancellationToken)
    {
        // Every value arrives as text and is checked here, so a malformed one is a field error like any other.
        var errors = new FieldErrors();
        var active = string.Equals(status?.Trim(), "active", StringComparison.OrdinalIgnoreCase);
        RequestStatus? wanted = null;
        if (!active && !RequestValues.TryReadStatusFilter(status, out wanted))
        {
            errors.Add("status", Texts["StatusUnknown"]);
        }

        var category = RequestValues.Id(errors, "categoryId", categoryId);
        var partition = RequestValues.Id(errors, "partitionId", partitionId);
        var (number, size) = Paging.Read(errors, RequestValues.Number(errors, "page", page), RequestValues.Number(errors, "pageSize", pageSize));
        var term = errors.Text("q", q, 200)?.ToLowerInvariant();
        var byDue = ReadChoice(errors, "sort", sort, "SortUnknown", "updated", "updated", "due") == "due";
        var dueFilter = ReadChoice(errors, "due", due, "DueUnknown", null, "overdue", "today");
        var secondLevel = ReadChoice(errors, "folder", folder, "FolderUnknown", null, SecondLevelFolder) is not null;
        Guid? assignedTo = null;
        var unassigned = false;
        switch (assignee?.Trim().ToLowerInvariant())
        {
            case null or "":
                break;
            case "me":
                assignedTo = TenantPermissions.PersonIdOf(user) ?? Guid.Empty;
                break;
            case "none":
                unassigned = true;
                break;
            default:
                assignedTo = RequestValues.Id(errors, "assignee", assignee);
                break;
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = scope.Apply(db.Requests.AsNoTracking());
        if (active)
        {
            query = query.Where(r => r.Status == RequestStatus.Open || r.Status == RequestStatus.Waiting);
        }
        else if (wanted is { } only)
        {
            query = query.Where(r => r.Status == only);
        }

        if (partition is not null)
        {
            query = query.Where(r => r.PartitionId == partition);
        }

        if (secondLevel)
        {
            query = query.Where(r => r.SecondLevelSince != null);
        }

        if (assignedTo is not null)
        {
            query = query.Where(r => r.AssigneeId == assignedTo);
        }
        else if (unassigned)
        {
            query = query.Where(r => r.AssigneeId == null);
        }

        if (dueFilter is not null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var until = dueFilter == "overdue" ? now : await EndOfTodayAsync(db, clock, cancellationToken);
            query = query.Where(r => r.DueAt != null && r.DueAt < until);
        }

        if (category is not null)
        {
            query = query.Where(r => r.CategoryId == category);
        }

        if (term is not null)
        {
            query = RequestSearch.Matching(db, query, term);
        }

        var skip = (number - 1) * size;
        int total;
        List<Guid> ids;
        if (term is null)
        {
            total = await query.CountAsync(cancellationToken);
            var ordered = byDue
                ? query.OrderBy(r => r.DueAt == null).ThenBy(r => r.DueAt).ThenBy(r => r.Number)
                : query.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Number);
            // The page's ids first, which the list's indexes cover (IndexRequestLists), then only those rows: ordering
            // thousands of whole rows to keep fifty would read each of them from the table.
            ids = await ordered.Skip(skip).Take(size).Select(r => r.Id).ToListAsync(cancellationToken);
        }
        else
        {
            // A search costs most of its time finding the matches (reading the texts the index points at), so it runs
            // once: every match with its sort keys, counted and paged here, in the order the database would give.
            var keys = await query.Select(r => new { r.Id, r.UpdatedAt, r.DueAt, r.Number }).ToListAsync(cancellationToken);
            total = keys.Count;
            var ordered = byDue
                ? keys.OrderBy(k => k.DueAt == null).ThenBy(k => k.DueAt).ThenBy(k => k.Number)
                : keys.OrderByDescending(k => k.UpdatedAt).ThenByDescending(k => k.Number);
            ids = ordered.Skip(skip).Take(size).Select(k => k.Id).ToList();
        }

        var rows = await db.Requests.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var items = ids.Where(rows.ContainsKey).Select(id => ToItem(rows[id])).ToList();
        return TypedResults.Ok(new ResultPage<RequestListItem>(items, total, number, size));
    }

    /// <summary>The end of the current day in the tenant's time zone, in UTC: what is due before it is due today.</summary>
    internal static async Task<DateTime> EndOfTodayAsync(TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var zoneId = await RequestPages.TimeZoneAsync(db, cancellationToken);
        var zone = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), zone.GetUtcOffset(local.Date.AddDays(1)));
        return midnight.UtcDateTime;
    }

    /// <summary>One of the words (in any case), <paramref name="fallback"/> when none is given; a field error for anything else.</summary>
    private static string? ReadChoice(FieldErrors errors, string field, string? value, string textKey, string? fallback, params string[] words)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var word = words.FirstOrDefault(w => string.Equals(w, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (word is null)
        {
            errors.Add(field, Texts[textKey]);
        }

        return word;
    }

    internal static RequestListItem ToItem(Request r) => new(
        r.Id, r.Number, r.Subject, RequestValues.Status(r.Status), r.CategoryId, RequestValues.Priority(r.Priority), r.ContactEmail, r.MessageCount,
        RequestValues.Utc(r.CreatedAt), RequestValues.Utc(r.UpdatedAt), RequestValues.Utc(r.DueAt));

    /// <summary>The request with its messages (without attachment contents), notes and history; null when there is none.</summary>
    internal static async Task<RequestDetail?> FindAsync(TenantDbContext db, RequestScope scope, Guid id, CancellationToken cancellationToken)
    {
        var request = await scope.Apply(db.Requests.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var messages = await db.RequestMessages.AsNoTracking().Where(m => m.RequestId == id).OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id, m.Direction, m.MessageId, m.FromName, m.FromAddress, m.To, m.Cc, m.Subject, m.Date, m.ReceivedAt, m.Text, m.Html,
                m.IsAutomatic, m.Delivery, m.DeliveryError, m.Kind,
            })
            .ToListAsync(cancellationToken);
        var messageIds = messages.Select(m => m.Id).ToList();
        var attachments = (await db.MessageAttachments.AsNoTracking().Where(a => messageIds.Contains(a.MessageId)).OrderBy(a => a.Position)
                .Select(a => new { a.MessageId, Item = new AttachmentItem(a.Id, a.Name, a.ContentType, a.Size, a.Sha256) })
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.MessageId, a => a.Item);
        var notes = await db.RequestNotes.AsNoTracking().Where(n => n.RequestId == id).OrderBy(n => n.At).ThenBy(n => n.Id)
            .Select(n => new NoteItem(n.Id, n.At, n.Author, n.Text)).ToListAsync(cancellationToken);
        var history = await db.RequestHistory.AsNoTracking().Where(h => h.RequestId == id).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new HistoryItem(h.At, h.Actor, h.Change, h.Field, h.OldValue, h.NewValue)).ToListAsync(cancellationToken);

        var item = ToItem(request);
        return new RequestDetail(item.Id, item.Number, item.Subject, item.Status, item.CategoryId, item.Priority, item.ContactEmail, item.MessageCount,
            item.CreatedAt, item.UpdatedAt, item.DueAt, request.PartitionId, request.ContactId, request.LinkedRequestId, RequestValues.Utc(request.ClosedAt),
            messages.Select(m => new MessageItem(
                m.Id, RequestValues.Direction(m.Direction), m.MessageId,
                m.FromAddress is null && m.FromName is null ? null : new MailboxItem(m.FromName, m.FromAddress),
                RequestValues.Mailboxes(m.To), RequestValues.Mailboxes(m.Cc), m.Subject, RequestValues.Utc(m.Date), RequestValues.Utc(m.ReceivedAt),
                m.Text, m.Html is null ? null : MailHtml.Sanitize(m.Html), attachments[m.Id].ToList(),
                m.IsAutomatic, RequestValues.Delivery(m.Delivery), m.DeliveryError, RequestValues.Kind(m.Kind))).ToList(),
            notes.Select(n => n with { At = RequestValues.Utc(n.At) }).ToList(),
            history.Select(h => h with { At = RequestValues.Utc(h.At) }).ToList(), request.AssigneeId,
            request.SecondLevelSince is { } since ? new SecondLevelItem(RequestValues.Utc(since), request.ForwardedTo, RequestValues.Utc(request.ForwardReminderAt)) : null,
            request is { Status: RequestStatus.Escalated, EscalatedToTenantId: { } to, EscalatedToRequestId: { } copy }
                ? new EscalatedToItem(to, request.EscalatedToTenantName, copy, request.EscalatedToNumber)
                : null);
    }

    /// <summary>The message as received, or as sent for an outbound one (its outbox bytes): message/rfc822, named number-n.eml (n counts the messages from 1).</summary>
    internal static async Task<Results<FileContentHttpResult, NotFound>> RawAsync(
        Guid id, Guid messageId, TenantDbContext db, RequestScope scope, TenantContext tenant, HttpContext http, MailFetching.RawMailStore store,
        CancellationToken cancellationToken)
    {
        var request = await scope.Apply(db.Requests.AsNoTracking()).Where(r => r.Id == id).Select(r => new { r.Number }).SingleOrDefaultAsync(cancellationToken);
        var order = await db.RequestMessages.AsNoTracking().Where(m => m.RequestId == id).OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.Direction, m.RawMailId }).ToListAsync(cancellationToken);
        var position = order.FindIndex(m => m.Id == messageId);
        if (request is null || position < 0)
        {
            return TypedResults.NotFound();
        }

        var message = order[position];
        var bytes = message.Direction == MessageDirection.Out
            ? await db.Outbox.AsNoTracking().Where(o => o.RequestMessageId == messageId).Select(o => o.Content).SingleOrDefaultAsync(cancellationToken)
            : message.RawMailId is { } rawId ? await RawMails.ReadAsync(db, store, tenant, rawId, cancellationToken) : null;
        if (bytes is null)
        {
            return TypedResults.NotFound();
        }

        return RawMails.Download(http, bytes, string.Create(CultureInfo.InvariantCulture, $"{request.Number}-{position + 1}.eml"));
    }
}
