using System.Globalization;
using System.Security.Claims;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Outbox;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.Forwarding;

/// <summary>
/// Mail from a request to a party outside the tenant: a forward to an external contact who answers the customer through
/// the reply account (external forwarding without closure: the request goes to the 2nd-level folder and stays open),
/// a reminder to that contact, and a 2nd-level query whose answer comes back to the agent through the 2nd-level reply
/// account. The external party's Reply-To is the system account's address with the request's token, so the answer
/// finds its request; the customer's latest mail goes along below a line that <see cref="ExternalAnswers"/> cuts at.
/// </summary>
public sealed class ExternalMail(
    TenantDbContext db, RequestOutbox outbox, TenantContext tenant, EffectiveSystemAccounts systemAccounts, TimeProvider clock)
{
    public const string ForwardedChange = "forwarded";
    public const string ReminderChange = "forward-reminder";
    public const string QueryChange = "second-level-query";

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<ForwardingTexts>();

    /// <summary>Forwards the request to an external contact: the request goes to the 2nd-level folder, open, and the optional note is kept on it.</summary>
    public async Task<ReplyOutcome> ForwardAsync(RequestScope scope, ClaimsPrincipal user, Guid id, ForwardInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var note = errors.Text("note", input.Note, RequestNote.TextMaxLength);
        var (ready, outcome) = await PrepareAsync(scope, id, input.To, input.Body, SystemAccountType.Reply, errors, cancellationToken);
        if (ready is not (var context, var to, var html))
        {
            return outcome!;
        }

        var request = context.Request;
        var settings = context.Settings;
        var message = Compose(context, to, context.ReplyAddress!, ReplyMail.Subject(request, "Fwd:"), html + Quoted(context));
        await AttachCustomerFilesAsync(message, context, cancellationToken);
        var sent = Send(request, message, MessageKind.Forward, user);
        var now = clock.GetUtcNow().UtcDateTime;
        request.SecondLevelSince = now;
        request.ForwardedTo = to.Address;
        request.ForwardReminderAt = now.AddHours(await ReminderHoursAsync(db, request, settings, cancellationToken));
        RequestFromMail.History(db, request.Id, db.Actor, now, ForwardedChange, "forwardedTo", null, to.Address);
        if (request.Status != RequestStatus.Open)
        {
            RequestFromMail.History(db, request.Id, db.Actor, now, "status", "status", RequestValues.Status(request.Status), RequestValues.Status(RequestStatus.Open));
            request.Status = RequestStatus.Open;
            request.ClosedAt = null;
        }

        if (note is { Length: > 0 })
        {
            db.RequestNotes.Add(new RequestNote { RequestId = request.Id, At = now, Author = db.Actor, Text = note });
        }

        Assign(request, user, now);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Kick(tenant.Required.Id);
        return new ReplyOutcome(new ReplyAccepted(sent.Id, request.Id, RequestValues.Status(request.Status)), null, null);
    }

    /// <summary>Asks an external party (a 2nd level); the answer comes back to the request as a message and a note.</summary>
    public async Task<ReplyOutcome> AskAsync(RequestScope scope, ClaimsPrincipal user, Guid id, SecondLevelInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (ready, outcome) = await PrepareAsync(scope, id, input.To, input.Body, SystemAccountType.SecondLevelReply, new FieldErrors(), cancellationToken);
        if (ready is not (var context, var to, var html))
        {
            return outcome!;
        }

        var request = context.Request;
        var message = Compose(context, to, context.ReplyAddress!, ReplyMail.Subject(request, In(CultureInfo.GetCultureInfo(context.Settings.Language), "QuerySubjectPrefix")), html + Quoted(context));
        var sent = Send(request, message, MessageKind.SecondLevelQuery, user);
        var now = clock.GetUtcNow().UtcDateTime;
        RequestFromMail.History(db, request.Id, db.Actor, now, QueryChange, "to", null, to.Address);
        Assign(request, user, now);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Kick(tenant.Required.Id);
        return new ReplyOutcome(new ReplyAccepted(sent.Id, request.Id, RequestValues.Status(request.Status)), null, null);
    }

    /// <summary>Reminds the external contact of a forward not answered yet; 409 when the request waits for nobody.</summary>
    public async Task<ReplyOutcome> RemindAsync(RequestScope scope, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(scope, id, cancellationToken);
        if (loaded.Context is not { } context)
        {
            return loaded.Outcome!;
        }

        var request = context.Request;
        var forward = await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == id && m.Kind == MessageKind.Forward)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Select(m => new { m.MessageId, m.References, m.ReceivedAt, m.Html, m.Text })
            .FirstOrDefaultAsync(cancellationToken);
        if (request.SecondLevelSince is null || request.ForwardedTo is null || forward is null)
        {
            return new ReplyOutcome(null, null, new ReplyProblem(StatusCodes.Status409Conflict, Texts["NotForwardedTitle"], Texts["NotForwarded"]));
        }

        if (await ProblemAsync(context, SystemAccountType.Reply, cancellationToken) is { } problem)
        {
            return problem;
        }

        var settings = context.Settings;
        var language = CultureInfo.GetCultureInfo(settings.Language);
        var since = TenantTime.In(new DateTimeOffset(DateTime.SpecifyKind(request.SecondLevelSince.Value, DateTimeKind.Utc)), settings.TimeZone);
        var text = In(language, "ReminderBody", since.ToString("f", language), request.Number);
        var html = ReplyHtml.FromText(text) + "<hr>" + (forward.Html is { Length: > 0 } earlier ? ReplyHtml.Sanitize(earlier) : ReplyHtml.FromText(forward.Text));
        var message = Compose(context, new MailboxAddress(null, request.ForwardedTo), context.ReplyAddress!,
            ReplyMail.Subject(request, In(language, "ReminderSubjectPrefix")), html);
        ReplyMail.Thread(message, forward.MessageId, forward.References);
        var sent = Send(request, message, MessageKind.Reminder, user);
        var now = clock.GetUtcNow().UtcDateTime;
        request.ForwardReminderAt = now.AddHours(await ReminderHoursAsync(db, request, settings, cancellationToken));
        RequestFromMail.History(db, request.Id, db.Actor, now, ReminderChange, "to", null, request.ForwardedTo);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Kick(tenant.Required.Id);
        return new ReplyOutcome(new ReplyAccepted(sent.Id, request.Id, RequestValues.Status(request.Status)), null, null);
    }

    /// <summary>The hours an external contact has for a forward of the request: its category's, else the tenant's.</summary>
    public static async Task<int> ReminderHoursAsync(TenantDbContext db, Request request, Data.Tenant.TenantSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var category = request.CategoryId is { } categoryId
            ? await db.CategoryProfiles.AsNoTracking().Where(p => p.Id == categoryId).Select(p => p.ForwardReminderHours).FirstOrDefaultAsync(cancellationToken)
            : null;
        return category ?? settings.ForwardReminderHours;
    }

    /// <summary>
    /// Loads the request, checks the recipient and the text (<paramref name="errors"/> may already hold the caller's
    /// own), then the system account of <paramref name="type"/> and the sender address: the mail is ready, or the
    /// outcome says why not.
    /// </summary>
    private async Task<(Prepared? Ready, ReplyOutcome? Outcome)> PrepareAsync(
        RequestScope scope, Guid id, string? to, string? body, SystemAccountType type, FieldErrors errors, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(scope, id, cancellationToken);
        if (loaded.Context is not { } context)
        {
            return (null, loaded.Outcome);
        }

        var recipient = Recipient(errors, to, context);
        var html = Body(errors, body);
        if (errors.Any)
        {
            return (null, new ReplyOutcome(null, errors.ToDictionary(), null));
        }

        if (await ProblemAsync(context, type, cancellationToken) is { } problem)
        {
            return (null, problem);
        }

        return (new Prepared(context, recipient!, html), null);
    }

    /// <summary>The request in the caller's scope with what mail from it needs; or the outcome when it is not there (404) or an escalated stub (refused).</summary>
    private async Task<(ExternalContext? Context, ReplyOutcome? Outcome)> LoadAsync(RequestScope scope, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await scope.Apply(db.Requests).SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return (null, ReplyOutcome.NotFound);
        }

        if (request.Status == RequestStatus.Escalated)
        {
            return (null, RequestReplies.Escalated);
        }

        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var latest = await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == id && m.Direction == MessageDirection.In && m.Kind == MessageKind.Customer)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var senders = await ReplyMail.SenderAddressesAsync(db, cancellationToken);
        var received = latest is null ? [] : RequestValues.Mailboxes(latest.To).Concat(RequestValues.Mailboxes(latest.Cc)).Select(m => m.Address).OfType<string>();
        return (new ExternalContext(request, settings, latest, ReplyMail.Sender(received, senders), ReplyMail.Lines(settings.DoNotReplyAddresses).ToHashSet(StringComparer.OrdinalIgnoreCase), senders), null);
    }

    /// <summary>Why the mail cannot go out (no system account of the type with an address, no sender address); null when it can, with the reply address set.</summary>
    private async Task<ReplyOutcome?> ProblemAsync(ExternalContext context, SystemAccountType type, CancellationToken cancellationToken)
    {
        var account = (await systemAccounts.ForTypeAsync(type, cancellationToken)).Select(a => a.Account.EmailAddress).FirstOrDefault(a => a.Contains('@', StringComparison.Ordinal));
        if (account is null)
        {
            var missing = type == SystemAccountType.Reply ? "NoReplyAccount" : "NoSecondLevelAccount";
            return new ReplyOutcome(null, null, new ReplyProblem(StatusCodes.Status409Conflict, Texts[missing + "Title"], Texts[missing]));
        }

        if (context.From.Length == 0)
        {
            return new ReplyOutcome(null, null, new ReplyProblem(StatusCodes.Status409Conflict, Texts["NoSenderTitle"], Texts["NoSender"]));
        }

        context.ReplyAddress = RequestTokens.ReplyAddress(account, context.Request.Token);
        return null;
    }

    /// <summary>One external address: readable, not a do-not-reply address and not one of the tenant's own.</summary>
    private static MailboxAddress? Recipient(FieldErrors errors, string? value, ExternalContext context)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add("to", Texts["ToRequired"]);
            return null;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, value.Trim(), out var mailbox) || !System.Net.Mail.MailAddress.TryCreate(mailbox.Address, out _))
        {
            errors.Add("to", Texts["NotAnAddress", value.Trim()]);
            return null;
        }

        if (context.DoNotReply.Contains(mailbox.Address) || context.Senders.Contains(mailbox.Address, StringComparer.OrdinalIgnoreCase)
            || RequestTokens.TryReadAddress(mailbox.Address, out _))
        {
            errors.Add("to", Texts["NotExternal", mailbox.Address]);
            return null;
        }

        return mailbox;
    }

    private static string Body(FieldErrors errors, string? body)
    {
        var html = ReplyHtml.Sanitize(body);
        if (ReplyHtml.ToText(html).Length == 0)
        {
            errors.Add("body", Texts["BodyRequired"]);
        }
        else if (html.Length > ReplyHtml.MaxLength)
        {
            errors.Add("body", Texts["BodyTooLong", ReplyHtml.MaxLength]);
        }

        return html;
    }

    /// <summary>The customer's latest mail below the line an answer is cut at (<see cref="ForwardMarker"/>), as plain text made HTML.</summary>
    private static string Quoted(ExternalContext context)
    {
        var language = CultureInfo.GetCultureInfo(context.Settings.Language);
        var marker = ForwardMarker.Line(context.Request.Number, In(language, "ForwardedRequest"));
        if (context.Latest is not { } latest)
        {
            return ReplyHtml.FromText(marker);
        }

        var received = TenantTime.In(new DateTimeOffset(DateTime.SpecifyKind(latest.Date ?? latest.ReceivedAt, DateTimeKind.Utc)), context.Settings.TimeZone);
        var from = string.IsNullOrEmpty(latest.FromName) ? latest.FromAddress : $"{latest.FromName} <{latest.FromAddress}>";
        var header = string.Join('\n',
            marker,
            In(language, "QuotedFrom", from ?? ""),
            In(language, "QuotedDate", received.ToString("f", language)),
            In(language, "QuotedSubject", latest.Subject ?? context.Request.Subject));
        return ReplyHtml.FromText(header + "\n\n" + (latest.Text is { Length: > 0 } text ? text : HtmlText.Of(latest.Html)));
    }

    /// <summary>The customer's attachments (not the inline images) go along with a forward.</summary>
    private async Task AttachCustomerFilesAsync(MimeMessage message, ExternalContext context, CancellationToken cancellationToken)
    {
        if (context.Latest is not { } latest)
        {
            return;
        }

        var files = await db.MessageAttachments.AsNoTracking().Where(a => a.MessageId == latest.Id && !a.IsInline).OrderBy(a => a.Position)
            .Select(a => new { a.Name, a.ContentType, a.Content }).ToListAsync(cancellationToken);
        if (files.Count == 0 || message.Body is not { } text)
        {
            return;
        }

        var mixed = new Multipart("mixed") { text };
        foreach (var file in files)
        {
            mixed.Add(new MimePart(ContentType.Parse(file.ContentType))
            {
                Content = new MimeContent(new MemoryStream(file.Content)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = file.Name ?? "attachment",
            });
        }

        message.Body = mixed;
    }

    private static MimeMessage Compose(ExternalContext context, MailboxAddress to, string replyAddress, string subject, string html)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(context.Settings.Name, context.From));
        message.ReplyTo.Add(new MailboxAddress(context.Settings.Name, replyAddress));
        message.To.Add(to);
        message.Subject = subject;
        message.Body = ReplyMail.Body(html, ReplyHtml.ToText(html), context.Settings.Language, []);
        return message;
    }

    private RequestMessage Send(Request request, MimeMessage message, MessageKind kind, ClaimsPrincipal user)
    {
        var sent = outbox.Enqueue(db, request, message, db.Actor);
        sent.Kind = kind;
        sent.AuthorId = Identity.TenantPermissions.PersonIdOf(user);
        return sent;
    }

    private void Assign(Request request, ClaimsPrincipal user, DateTime now)
    {
        if (request.AssigneeId is null && Identity.TenantPermissions.PersonIdOf(user) is { } person)
        {
            RequestFromMail.History(db, request.Id, db.Actor, now, "assigned", "assigneeId", null, person.ToString("D"));
            request.AssigneeId = person;
        }
    }

    /// <summary>A text in the tenant's language, for mail the tenant sends.</summary>
    private static string In(CultureInfo language, string name, params object[] arguments) =>
        Localization.In(language.Name, () => Texts[name, arguments].Value);

    private sealed record ExternalContext(
        Request Request, Data.Tenant.TenantSettings Settings, RequestMessage? Latest, string From, HashSet<string> DoNotReply, List<string> Senders)
    {
        public string? ReplyAddress { get; set; }
    }

    /// <summary>A forward or query ready to be composed: the request's context, the checked recipient and the sanitised text.</summary>
    private sealed record Prepared(ExternalContext Context, MailboxAddress To, string Html);
}
