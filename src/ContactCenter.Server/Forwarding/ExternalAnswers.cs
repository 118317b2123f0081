using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Notifications;
using ContactCenter.Server.Outbox;
using ContactCenter.Server.Requests;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.Forwarding;

/// <summary>
/// Answers of external parties, recognised as the ingest threads them: a message of a request that arrived at a system
/// account. At the reply account it is an external contact's answer to a forward: stored on the request, cut at what
/// they quoted of ours, passed on to the customer through the outbox, and the request leaves the 2nd-level folder. At
/// the 2nd-level reply account it is the answer to a 2nd-level query: stored on the request, which is open again for
/// the agent, and kept as a note. Either way the agent who wrote to them is told.
/// </summary>
public sealed class ExternalAnswers(IServiceScopeFactory scopes, RequestOutbox outbox, TimeProvider clock)
{
    public const string AnsweredChange = "forward-answered";
    public const string HeldChange = "forward-answer-held";
    public const string SecondLevelAnswerChange = "second-level-answer";

    /// <summary>How long a reading of the system accounts serves.</summary>
    private static readonly TimeSpan AccountsLifetime = TimeSpan.FromSeconds(30);

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<ForwardingTexts>();

    private readonly ConditionalWeakTable<TenantDbContext, SystemAccounts> _tenantAccounts = new();
    private readonly ConcurrentDictionary<int, SystemAccounts> _globalAccounts = new();

    /// <summary>
    /// Places <paramref name="message"/> (threaded to <paramref name="request"/>) when it is an external party's answer;
    /// false when it is not one, for the ingest to place as a customer's mail. Adds to the context only.
    /// </summary>
    public async Task<bool> PlaceAsync(TenantDbContext db, IngestRound round, Request request, RequestMessage message, string actor, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(message);
        if (message.AccountId is not { } accountId || await TypeOfAsync(db, accountId, cancellationToken) is not { } type)
        {
            return false;
        }

        if (type == SystemAccountType.Reply && request.ForwardedTo is not null)
        {
            await ForwardAnswerAsync(db, round, request, message, actor, now, cancellationToken);
            return true;
        }

        if (type == SystemAccountType.SecondLevelReply)
        {
            await SecondLevelAnswerAsync(db, request, message, actor, now, cancellationToken);
            return true;
        }

        return false;
    }

    private async Task ForwardAnswerAsync(TenantDbContext db, IngestRound round, Request request, RequestMessage message, string actor, DateTime now, CancellationToken cancellationToken)
    {
        Store(db, request, message, MessageKind.ForwardAnswer, actor, now);
        if (message.IsAutomatic)
        {
            // An out-of-office or a bounce is no answer: the request stays in the 2nd-level folder.
            return;
        }

        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var latest = await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == request.Id && m.Direction == MessageDirection.In && m.Kind == MessageKind.Customer)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Select(m => new { m.MessageId, m.References, m.FromName, m.FromAddress, m.To, m.Cc, m.Headers })
            .FirstOrDefaultAsync(cancellationToken);
        var senders = await ReplyMail.SenderAddressesAsync(db, cancellationToken);
        var received = latest is null ? [] : RequestValues.Mailboxes(latest.To).Concat(RequestValues.Mailboxes(latest.Cc)).Select(m => m.Address).OfType<string>();
        var from = ReplyMail.Sender(received, senders);
        var target = ReplyMail.Target(latest?.Headers, latest?.FromName, latest?.FromAddress)
            ?? (request.ContactEmail is { } contact ? new MailboxAddress(null, contact) : null);
        var text = ForwardMarker.Cut(message.Text is { Length: > 0 } plain ? plain : HtmlText.Of(message.Html), request.Number);
        var forwarder = await AuthorOfAsync(db, request, MessageKind.Forward, cancellationToken);
        if (from.Length == 0 || target is null || text.Length == 0)
        {
            // Nothing to pass on, or nobody to pass it on from or to: the agent takes it from here.
            RequestFromMail.History(db, request.Id, actor, now, HeldChange, "messageId", null, message.MessageId);
            Reopen(db, request, actor, now);
            await NotifyAsync(db, forwarder, PersonNotifications.ForwardAnswerHeld, request, message, now, cancellationToken);
            return;
        }

        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(settings.Name, from));
        mail.To.Add(target);
        mail.Subject = ReplyMail.Subject(request);
        ReplyMail.Thread(mail, latest?.MessageId, latest?.References);
        var html = ReplyHtml.FromText(text);
        mail.Body = ReplyMail.Body(html, text, settings.Language,
            message.Attachments.Where(a => !a.IsInline).Select(a => (a.Name ?? "attachment", a.Content, a.ContentType)));
        outbox.Enqueue(db, request, mail, actor);
        round.SendsMail = true;
        RequestFromMail.History(db, request.Id, actor, now, AnsweredChange, "forwardedTo", request.ForwardedTo, null);
        request.SecondLevelSince = null;
        request.ForwardReminderAt = null;
        if (request.Status != RequestStatus.Waiting)
        {
            RequestFromMail.History(db, request.Id, actor, now, "status", "status", RequestValues.Status(request.Status), RequestValues.Status(RequestStatus.Waiting));
            request.Status = RequestStatus.Waiting;
            request.ClosedAt = null;
        }

        await NotifyAsync(db, forwarder, PersonNotifications.ForwardAnswered, request, message, now, cancellationToken);
    }

    private static async Task SecondLevelAnswerAsync(TenantDbContext db, Request request, RequestMessage message, string actor, DateTime now, CancellationToken cancellationToken)
    {
        Store(db, request, message, MessageKind.SecondLevelAnswer, actor, now);
        if (message.IsAutomatic)
        {
            return;
        }

        var language = await db.Settings.AsNoTracking().Select(s => s.Language).SingleAsync(cancellationToken);
        var text = ForwardMarker.Cut(message.Text is { Length: > 0 } plain ? plain : HtmlText.Of(message.Html), request.Number);
        var from = string.IsNullOrEmpty(message.FromName) ? message.FromAddress : $"{message.FromName} <{message.FromAddress}>";
        var note = Localization.In(language, () => Texts["SecondLevelNote", from ?? "", now.ToString("u", CultureInfo.InvariantCulture)].Value) + "\n\n" + text;
        db.RequestNotes.Add(new RequestNote
        {
            RequestId = request.Id, At = now, Author = actor, Text = note.Length <= RequestNote.TextMaxLength ? note : note[..RequestNote.TextMaxLength],
        });
        RequestFromMail.History(db, request.Id, actor, now, SecondLevelAnswerChange, "messageId", null, message.MessageId);
        Reopen(db, request, actor, now);
        await NotifyAsync(db, await AuthorOfAsync(db, request, MessageKind.SecondLevelQuery, cancellationToken), PersonNotifications.SecondLevelAnswered, request, message, now, cancellationToken);
    }

    private static void Store(TenantDbContext db, Request request, RequestMessage message, MessageKind kind, string actor, DateTime now)
    {
        message.Kind = kind;
        message.RequestId = request.Id;
        db.RequestMessages.Add(message);
        request.MessageCount++;
        request.UpdatedAt = now;
        RequestFromMail.History(db, request.Id, actor, now, "message-in", "messageId", null, message.MessageId);
    }

    private static void Reopen(TenantDbContext db, Request request, string actor, DateTime now)
    {
        if (request.Status != RequestStatus.Open)
        {
            RequestFromMail.History(db, request.Id, actor, now, request.Status == RequestStatus.Closed ? "reopened" : "status", "status",
                RequestValues.Status(request.Status), RequestValues.Status(RequestStatus.Open));
            request.Status = RequestStatus.Open;
            request.ClosedAt = null;
        }
    }

    /// <summary>Who wrote the latest message of the kind to the external party, else who has the request.</summary>
    private static async Task<Guid?> AuthorOfAsync(TenantDbContext db, Request request, MessageKind kind, CancellationToken cancellationToken) =>
        await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == request.Id && m.Kind == kind && m.AuthorId != null)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Select(m => m.AuthorId).FirstOrDefaultAsync(cancellationToken)
        ?? request.AssigneeId;

    private static async Task NotifyAsync(TenantDbContext db, Guid? person, string kind, Request request, RequestMessage message, DateTime now, CancellationToken cancellationToken)
    {
        if (person is { } id)
        {
            await PersonNotifications.AddAsync(db, id, kind, $"{kind}:{message.Id:N}", request.Id, message.FromAddress, now, cancellationToken);
        }
    }

    /// <summary>The type of the system account (the tenant's own or a global one) the message arrived at; null for an inbound account.</summary>
    private async Task<SystemAccountType?> TypeOfAsync(TenantDbContext db, Guid accountId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!_tenantAccounts.TryGetValue(db, out var own) || now - own.ReadAt > AccountsLifetime)
        {
            own = new SystemAccounts(await db.SystemAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Type, cancellationToken), now);
            _tenantAccounts.AddOrUpdate(db, own);
        }

        if (own.Types.TryGetValue(accountId, out var type))
        {
            return type;
        }

        if (!_globalAccounts.TryGetValue(0, out var global) || now - global.ReadAt > AccountsLifetime)
        {
            await using var scope = scopes.CreateAsyncScope();
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            global = new SystemAccounts(await catalog.GlobalSystemAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Type, cancellationToken), now);
            _globalAccounts[0] = global;
        }

        return global.Types.TryGetValue(accountId, out var globalType) ? globalType : null;
    }

    private sealed record SystemAccounts(Dictionary<Guid, SystemAccountType> Types, DateTime ReadAt);
}
