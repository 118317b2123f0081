using System.Globalization;
using System.Security.Claims;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Categories;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Outbox;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.Requests;

/// <summary>
/// Answering a request: the proposal an answer starts from (sender, recipients, the category's default template with
/// its placeholders filled, the category's templates, text blocks and prepared attachments), the answer itself
/// (sanitised HTML with a plain-text alternative, threaded to the customer's latest mail, the subject tagged with the
/// request number, written to the outbox in the same commit as the request's change), and each person's draft.
/// Every request is one of the caller's <see cref="RequestScope"/>; outside it, there is none.
/// </summary>
public sealed class RequestReplies(
    TenantDbContext db, RequestOutbox outbox, TenantContext tenant, PersonDirectory people, EffectivePermissions permissions, TimeProvider clock)
{
    /// <summary>The most recipients (To and Cc together) an answer may have.</summary>
    public const int MaxRecipients = 50;

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<RequestsTexts>();

    /// <summary>A stub of a request escalated to a partner tenant takes no mail: it lives on there.</summary>
    internal static ReplyOutcome Escalated => new(null, new Dictionary<string, string[]> { ["status"] = [Texts["RequestEscalated"]] }, null);

    /// <summary>What an answer to the request starts from, or null when the caller has no such request.</summary>
    public async Task<ReplyProposal?> ProposeAsync(RequestScope scope, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(scope, user, id, tracked: false, cancellationToken) is not { } context)
        {
            return null;
        }

        var templates = await TemplatesAsync(context, cancellationToken);
        var blocks = await TextBlocksAsync(context, cancellationToken);
        var start = templates.FirstOrDefault(t => t.IsDefault) ?? (templates.Count > 0 ? templates[0] : null);
        var draft = await FindDraftAsync(context, cancellationToken);
        return new ReplyProposal(
            context.From, context.DefaultTo, context.ProposedCc, context.Subject, start?.Id, start?.Body ?? "", templates, blocks,
            await OfferedAttachmentsAsync(context, cancellationToken), context.MayUpload, context.Settings.SpellCheckEnabled,
            string.IsNullOrWhiteSpace(context.Settings.SpellCheckLanguage) ? context.Settings.Language : context.Settings.SpellCheckLanguage, draft);
    }

    /// <summary>
    /// Sends an answer: checks it, writes the outbound message to the outbox, sets the request waiting for the customer
    /// (or closed), assigns it to the caller when nobody has it, and removes the caller's draft, all in one commit.
    /// </summary>
    public async Task<ReplyOutcome> SendAsync(RequestScope scope, ClaimsPrincipal user, Guid id, ReplyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await LoadAsync(scope, user, id, tracked: true, cancellationToken) is not { } context)
        {
            return ReplyOutcome.NotFound;
        }

        if (context.Request.Status == RequestStatus.Escalated)
        {
            return Escalated;
        }

        var errors = new FieldErrors();
        var template = await TemplateAsync(context, errors, input.TemplateId, cancellationToken);
        var html = ReplyHtml.Sanitize(input.Body);
        if (html.Length == 0 && template is not null)
        {
            html = template.Body;
        }

        var text = ReplyHtml.ToText(html);
        if (text.Length == 0)
        {
            errors.Add("body", Texts["ReplyBodyRequired"]);
        }
        else if (html.Length > ReplyHtml.MaxLength)
        {
            errors.Add("body", Texts["ReplyBodyTooLong", ReplyHtml.MaxLength]);
        }

        var before = errors.Count;
        var to = Recipients(errors, "to", input.To ?? context.DefaultTo, context);
        if (to.Count == 0 && errors.Count == before)
        {
            errors.Add("to", Texts[context.DefaultTo.Count == 0 && input.To is null && context.SenderIsDoNotReply ? "ReplyToDoNotReply" : "ReplyToRequired"]);
        }

        var cc = Recipients(errors, "cc", input.Cc ?? [], context);
        if (to.Count + cc.Count > MaxRecipients)
        {
            errors.Add("cc", Texts["TooManyRecipients", MaxRecipients]);
        }

        var attachments = await AttachmentsAsync(context, errors, input.AttachmentIds ?? [], cancellationToken);
        if (errors.Any)
        {
            return new ReplyOutcome(null, errors.ToDictionary(), null);
        }

        if (context.From.Length == 0)
        {
            return new ReplyOutcome(null, null, new ReplyProblem(StatusCodes.Status409Conflict, Texts["NoSenderTitle"], Texts["NoSender"]));
        }

        var message = Compose(context, html, text, to, cc.Where(c => !to.Contains(c, MailboxComparer.Instance)).ToList(), attachments);
        var request = context.Request;
        var sent = outbox.Enqueue(db, request, message, db.Actor);
        sent.AuthorId = context.PersonId;
        var now = clock.GetUtcNow().UtcDateTime;
        var status = input.Close == true ? RequestStatus.Closed : RequestStatus.Waiting;
        if (request.Status != status)
        {
            RequestFromMail.History(db, request.Id, db.Actor, now, status == RequestStatus.Closed ? "closed" : "status", "status",
                RequestValues.Status(request.Status), RequestValues.Status(status));
            request.Status = status;
            request.ClosedAt = status == RequestStatus.Closed ? now : null;
        }

        if (request.AssigneeId is null && context.PersonId is { } person)
        {
            RequestFromMail.History(db, request.Id, db.Actor, now, "assigned", "assigneeId", null, person.ToString("D"));
            request.AssigneeId = person;
        }

        if (context.PersonId is { } author)
        {
            await db.ReplyDrafts.Where(d => d.RequestId == request.Id && d.PersonId == author).ExecuteDeleteAsync(cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        outbox.Kick(tenant.Required.Id);
        return new ReplyOutcome(new ReplyAccepted(sent.Id, request.Id, RequestValues.Status(request.Status)), null, null);
    }

    /// <summary>Keeps the caller's draft of an answer to the request (one per person and request); null when there is no such request.</summary>
    public async Task<ReplyOutcome> SaveDraftAsync(RequestScope scope, ClaimsPrincipal user, Guid id, ReplyDraftInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await LoadAsync(scope, user, id, tracked: false, cancellationToken) is not { } context)
        {
            return ReplyOutcome.NotFound;
        }

        if (context.PersonId is not { } person)
        {
            return new ReplyOutcome(null, null, new ReplyProblem(StatusCodes.Status403Forbidden, Texts["NoPersonTitle"], Texts["DraftsArePersonal"]));
        }

        var errors = new FieldErrors();
        var body = ReplyHtml.Sanitize(input.Body);
        if (body.Length > ReplyHtml.MaxLength)
        {
            errors.Add("body", Texts["ReplyBodyTooLong", ReplyHtml.MaxLength]);
        }

        var to = errors.Text("to", input.To, ReplyDraft.AddressesMaxLength);
        var cc = errors.Text("cc", input.Cc, ReplyDraft.AddressesMaxLength);
        var attachmentIds = CategoryProfile.FormatIds(input.AttachmentIds ?? []);
        if (attachmentIds.Length > ReplyDraft.AttachmentIdsMaxLength)
        {
            errors.Add("attachmentIds", Texts["TooManyAttachments"]);
        }

        if (errors.Any)
        {
            return new ReplyOutcome(null, errors.ToDictionary(), null);
        }

        // Two saves of one draft may cross (two tabs, or a slow save and the next): the one that loses the insert to the
        // unique key reads the winner's row and writes over it.
        for (var attempt = 1; ; attempt++)
        {
            var draft = await db.ReplyDrafts.SingleOrDefaultAsync(d => d.RequestId == id && d.PersonId == person, cancellationToken);
            var added = draft is null;
            draft ??= db.ReplyDrafts.Add(new ReplyDraft { RequestId = id, PersonId = person }).Entity;
            draft.Body = body;
            draft.To = to;
            draft.Cc = cc;
            draft.TemplateId = input.TemplateId;
            draft.AttachmentIds = attachmentIds;
            draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new ReplyOutcome(new ReplyAccepted(draft.Id, id, RequestValues.Status(context.Request.Status)), null, null);
            }
            catch (DbUpdateException) when (added && attempt == 1)
            {
                db.Entry(draft).State = EntityState.Detached;
            }
        }
    }

    /// <summary>The caller's draft of an answer to the request; null when there is none (or no such request).</summary>
    public async Task<ReplyDraftItem?> DraftAsync(RequestScope scope, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(scope, user, id, tracked: false, cancellationToken) is { } context ? await FindDraftAsync(context, cancellationToken) : null;

    /// <summary>Throws the caller's draft away; false when the caller has no such request.</summary>
    public async Task<bool> DeleteDraftAsync(RequestScope scope, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!await scope.SeesAsync(db, id, cancellationToken))
        {
            return false;
        }

        if (TenantPermissions.PersonIdOf(user) is { } person)
        {
            await db.ReplyDrafts.Where(d => d.RequestId == id && d.PersonId == person).ExecuteDeleteAsync(cancellationToken);
        }

        return true;
    }

    private async Task<ReplyDraftItem?> FindDraftAsync(ReplyContext context, CancellationToken cancellationToken)
    {
        if (context.PersonId is not { } person)
        {
            return null;
        }

        var draft = await db.ReplyDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.RequestId == context.Request.Id && d.PersonId == person, cancellationToken);
        return draft is null
            ? null
            : new ReplyDraftItem(draft.Body, draft.To, draft.Cc, draft.TemplateId, CategoryProfile.ParseIds(draft.AttachmentIds), RequestValues.Utc(draft.UpdatedAt));
    }

    /// <summary>Everything an answer to the request depends on; null when the caller has no such request.</summary>
    private async Task<ReplyContext?> LoadAsync(RequestScope scope, ClaimsPrincipal user, Guid id, bool tracked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(user);
        var requests = scope.Apply(tracked ? db.Requests : db.Requests.AsNoTracking());
        if (await requests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return null;
        }

        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var latest = await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == id && m.Direction == MessageDirection.In && m.Kind == MessageKind.Customer)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Select(m => new LatestMessage(m.MessageId, m.References, m.FromName, m.FromAddress, m.To, m.Cc, m.Headers))
            .FirstOrDefaultAsync(cancellationToken);
        var senders = await ReplyMail.SenderAddressesAsync(db, cancellationToken);
        var inbound = (await db.InboundAccounts.AsNoTracking().Select(a => a.UserName).ToListAsync(cancellationToken)).Where(u => u.Contains('@', StringComparison.Ordinal));
        var own = new HashSet<string>(senders.Concat(inbound), StringComparer.OrdinalIgnoreCase);
        var doNotReply = new HashSet<string>(ReplyMail.Lines(settings.DoNotReplyAddresses), StringComparer.OrdinalIgnoreCase);
        var received = latest is null ? [] : RequestValues.Mailboxes(latest.To).Concat(RequestValues.Mailboxes(latest.Cc)).Where(m => m.Address is not null).ToList();
        var from = ReplyMail.Sender(received.Select(m => m.Address!), senders);
        var target = ReplyMail.Target(latest?.Headers, latest?.FromName, latest?.FromAddress) ?? (request.ContactEmail is { } contact ? new MailboxAddress(null, contact) : null);
        var senderIsDoNotReply = target is not null && doNotReply.Contains(target.Address);
        IReadOnlyList<string> defaultTo = target is null || senderIsDoNotReply ? [] : [Display(target)];
        IReadOnlyList<string> proposedCc = settings.TakeCcIntoReply
            ? received.Select(m => m.Address!)
                .Where(a => !own.Contains(a) && !doNotReply.Contains(a) && !RequestTokens.TryReadAddress(a, out _)
                    && !string.Equals(a, target?.Address, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : [];
        var personId = TenantPermissions.PersonIdOf(user);
        var mayUpload = personId is not null && (await permissions.OfAsync(user, cancellationToken)).Permissions.HasFlag(Permission.UploadOwnAttachments);
        var agentName = personId is { } person && await people.FindAsync(person, cancellationToken) is { } found ? found.Name : db.Actor;
        var customer = await CustomerNameAsync(request, latest, cancellationToken);
        var culture = CultureInfo.GetCultureInfo(settings.Language);
        var today = TenantTime.In(clock.GetUtcNow(), settings.TimeZone).ToString("D", culture);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer.name"] = customer,
            ["request.number"] = request.Number.ToString(CultureInfo.InvariantCulture),
            ["agent.name"] = agentName,
            ["date"] = today,
        };
        return new ReplyContext(request, settings, latest, from, defaultTo, proposedCc, doNotReply, senderIsDoNotReply, ReplyMail.Subject(request), personId, mayUpload, values);
    }

    private async Task<string> CustomerNameAsync(Request request, LatestMessage? latest, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == request.ContactId).Select(c => new { c.FirstName, c.LastName }).SingleOrDefaultAsync(cancellationToken);
        var name = contact is null ? null : string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return !string.IsNullOrWhiteSpace(name) ? name : latest?.FromName ?? request.ContactEmail ?? "";
    }

    /// <summary>Characters that make a display name need quotes (RFC 5322 section 3.2.3).</summary>
    private static readonly System.Buffers.SearchValues<char> Specials = System.Buffers.SearchValues.Create(",;:<>\"@()[]\\.");

    /// <summary>The category's templates, the default first, their bodies filled in and as HTML.</summary>
    private async Task<IReadOnlyList<ReplyTemplateItem>> TemplatesAsync(ReplyContext context, CancellationToken cancellationToken) =>
        context.Request.CategoryId is { } category
            ? (await CategoryTemplates.ListAsync(db, category, cancellationToken))
                .Select(t => new ReplyTemplateItem(t.Id, t.Name, t.IsDefault, ReplyHtml.FromText(Placeholders.Fill(t.Body, context.Values)))).ToList()
            : [];

    private async Task<ReplyTemplateItem?> TemplateAsync(ReplyContext context, FieldErrors errors, Guid? templateId, CancellationToken cancellationToken)
    {
        if (templateId is not { } id)
        {
            return null;
        }

        var template = (await TemplatesAsync(context, cancellationToken)).FirstOrDefault(t => t.Id == id);
        if (template is null)
        {
            errors.Add("templateId", Texts["TemplateNotOfCategory"]);
        }

        return template;
    }

    /// <summary>The category's enabled e-mail text blocks (every enabled e-mail block without a category), filled in and as HTML.</summary>
    private async Task<IReadOnlyList<ReplyTextBlockItem>> TextBlocksAsync(ReplyContext context, CancellationToken cancellationToken)
    {
        var chosen = await CategoryListAsync(context, p => p.TextBlockIds, cancellationToken);
        var blocks = db.TextBlocks.AsNoTracking().Where(b => b.Enabled && b.Channel == TextBlockChannel.Email);
        if (chosen is not null)
        {
            blocks = blocks.Where(b => chosen.Contains(b.Id));
        }

        return (await blocks.OrderBy(b => b.Name).ToListAsync(cancellationToken))
            .Select(b => new ReplyTextBlockItem(b.Id, b.Name, ReplyHtml.FromText(Placeholders.Fill(b.Body, context.Values)))).ToList();
    }

    /// <summary>
    /// What may go along: the category's prepared attachments (all prepared ones for a request without a category) and,
    /// when the caller's roles may upload, the caller's own.
    /// </summary>
    private async Task<IReadOnlyList<ReplyAttachmentItem>> OfferedAttachmentsAsync(ReplyContext context, CancellationToken cancellationToken)
    {
        var chosen = await CategoryListAsync(context, p => p.PreparedAttachmentIds, cancellationToken) ?? [];
        var everyPrepared = context.Request.CategoryId is null;
        var own = context.MayUpload ? context.PersonId : null;
        return await db.PreparedAttachments.AsNoTracking()
            .Where(a => (a.OwnerId == null && (everyPrepared || chosen.Contains(a.Id))) || (own != null && a.OwnerId == own))
            .OrderBy(a => a.OwnerId != null).ThenBy(a => a.FileName)
            .Select(a => new ReplyAttachmentItem(a.Id, a.FileName, a.MediaType, a.Size, a.OwnerId != null))
            .ToListAsync(cancellationToken);
    }

    private async Task<List<PreparedAttachment>> AttachmentsAsync(ReplyContext context, FieldErrors errors, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var offered = (await OfferedAttachmentsAsync(context, cancellationToken)).Select(a => a.Id).ToHashSet();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!offered.Contains(ids[i]))
            {
                errors.Add($"attachmentIds[{i}]", Texts["AttachmentNotOffered"]);
            }
        }

        var wanted = ids.Distinct().ToList();
        return errors.Any ? [] : await db.PreparedAttachments.AsNoTracking().Where(a => wanted.Contains(a.Id)).OrderBy(a => a.FileName).ToListAsync(cancellationToken);
    }

    /// <summary>The ids of the request's category's profile list, or null when the request has no category.</summary>
    private async Task<List<Guid>?> CategoryListAsync(ReplyContext context, Func<CategoryProfile, string> list, CancellationToken cancellationToken)
    {
        if (context.Request.CategoryId is not { } category)
        {
            return null;
        }

        var profile = await db.CategoryProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == category, cancellationToken);
        return profile is null ? [] : [.. CategoryProfile.ParseIds(list(profile))];
    }

    /// <summary>The recipients as mailboxes: each a readable address, none a do-not-reply address, each once.</summary>
    private static List<MailboxAddress> Recipients(FieldErrors errors, string field, IReadOnlyList<string> values, ReplyContext context)
    {
        var result = new List<MailboxAddress>();
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                continue;
            }

            if (!MailboxAddress.TryParse(ParserOptions.Default, values[i].Trim(), out var mailbox) || !System.Net.Mail.MailAddress.TryCreate(mailbox.Address, out _))
            {
                errors.Add($"{field}[{i}]", Texts["NotAnAddress", values[i].Trim()]);
            }
            else if (context.DoNotReply.Contains(mailbox.Address))
            {
                errors.Add($"{field}[{i}]", Texts["DoNotReplyAddress", mailbox.Address]);
            }
            else if (!result.Contains(mailbox, MailboxComparer.Instance))
            {
                result.Add(mailbox);
            }
        }

        return result;
    }

    private MimeMessage Compose(ReplyContext context, string html, string text, List<MailboxAddress> to, List<MailboxAddress> cc, List<PreparedAttachment> attachments)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(tenant.Required.Name, context.From));
        message.To.AddRange(to);
        message.Cc.AddRange(cc);
        message.Subject = context.Subject;
        ReplyMail.Thread(message, context.Latest?.MessageId, context.Latest?.References);
        message.Body = ReplyMail.Body(html, text, context.Settings.Language, attachments.Select(a => (a.FileName, a.Content, a.MediaType)));
        return message;
    }

    /// <summary>A mailbox as a person types it: <c>Name &lt;address&gt;</c>, the name quoted only where it must be.</summary>
    private static string Display(MailboxAddress mailbox) =>
        string.IsNullOrWhiteSpace(mailbox.Name) ? mailbox.Address
        : mailbox.Name.AsSpan().IndexOfAny(Specials) < 0 ? $"{mailbox.Name} <{mailbox.Address}>"
        : mailbox.ToString();

    private sealed record LatestMessage(string? MessageId, string? References, string? FromName, string? FromAddress, string To, string Cc, string? Headers);

    private sealed record ReplyContext(
        Request Request, Data.Tenant.TenantSettings Settings, LatestMessage? Latest, string From, IReadOnlyList<string> DefaultTo, IReadOnlyList<string> ProposedCc,
        HashSet<string> DoNotReply, bool SenderIsDoNotReply, string Subject, Guid? PersonId, bool MayUpload, IReadOnlyDictionary<string, string?> Values);

    /// <summary>Mailboxes alike when their addresses are, in any case.</summary>
    private sealed class MailboxComparer : IEqualityComparer<MailboxAddress>
    {
        public static readonly MailboxComparer Instance = new();

        public bool Equals(MailboxAddress? x, MailboxAddress? y) => string.Equals(x?.Address, y?.Address, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(MailboxAddress obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Address);
    }
}

/// <summary>What an answer or a draft came to: accepted, or the fields' problems, or another problem; all null: no such request.</summary>
public sealed record ReplyOutcome(ReplyAccepted? Accepted, Dictionary<string, string[]>? Errors, ReplyProblem? Problem)
{
    public static ReplyOutcome NotFound { get; } = new(null, null, null);
}

/// <summary>A problem that is not one field's: its status, title and detail.</summary>
public sealed record ReplyProblem(int Status, string Title, string Detail);
