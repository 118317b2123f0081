using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// One request: its header, the conversation in and out, notes and history, as the API's detail has them; and the
/// actions of the API (take it, recategorise, priority, note, close, reopen) as forms that come back to the page.
/// Each message shows its HTML safely (<see cref="MailView"/>: inline images from the message, remote images only
/// when the reader lets them through for it, <c>?images={messageId}</c>, and then through our proxy), its plain text
/// always, and its attachments as downloads, raster images also as thumbnails.
/// </summary>
[Authorize(Policy = TenantRoles.Member)]
public sealed class RequestModel(
    TenantDbContext db, RequestReplies replies, TimeProvider clock, TenantContext tenant, MailImageTokens imageTokens, Data.Catalog.CatalogDbContext catalog) : PageModel
{
    /// <summary>The fields of the answer form, whose problems show beside them rather than among the actions'.</summary>
    private static readonly string[] ReplyFields = ["to", "cc", "body", "templateId", "attachmentIds", "files"];

    /// <summary>What an answer starts from: sender, recipients, templates, text blocks, attachments, the caller's draft.</summary>
    public ReplyProposal? Proposal { get; private set; }

    /// <summary>What the answer form holds: the caller's draft, else the proposal, or what came back with a problem.</summary>
    public ReplyForm Reply { get; private set; } = new(null, null, null, null, []);

    /// <summary>Whether the page follows an answer just taken for sending.</summary>
    public bool ReplySent { get; private set; }

    public RequestDetail Detail { get; private set; } = null!;

    /// <summary>How each message is shown, by message id.</summary>
    public IReadOnlyDictionary<Guid, MessageView> Views { get; private set; } = new Dictionary<Guid, MessageView>();

    /// <summary>The messages whose remote images the reader let through (<c>?images=</c>).</summary>
    public IReadOnlySet<Guid> ImagesShown { get; private set; } = new HashSet<Guid>();

    /// <summary>The tenant's categories for the category form, by name.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Categories { get; private set; } = [];

    /// <summary>Whether the request is assigned to the signed-in person.</summary>
    public bool AssignedToMe => Detail.AssigneeId is { } assignee && assignee == TenantPermissions.PersonIdOf(User);

    /// <summary>What the note form held when it came back with a problem.</summary>
    public string? NoteText { get; private set; }

    public string? CategoryName { get; private set; }

    /// <summary>The contact's name (or e-mail address) when the request has a contact.</summary>
    public string? ContactName { get; private set; }

    public string? TimeZone { get; private set; }

    /// <summary>The people the request may be assigned to (those of its category's groups, and its assignee), by name.</summary>
    public IReadOnlyList<(Guid Id, string Name)> People { get; private set; } = [];

    /// <summary>The assignee's name, when the request has one.</summary>
    public string? AssigneeName => Detail.AssigneeId is { } id ? People.FirstOrDefault(p => p.Id == id).Name : null;

    /// <summary>How many of the contact's other requests the page lists.</summary>
    public const int OtherRequestsShown = 20;

    /// <summary>The contact's other requests the caller may see, newest first (at most <see cref="OtherRequestsShown"/>).</summary>
    public IReadOnlyList<OtherRequest> OtherRequests { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(Guid id, [FromQuery(Name = "images")] Guid[]? images, bool? sent, CancellationToken cancellationToken)
    {
        ImagesShown = (images ?? []).ToHashSet();
        ReplySent = sent == true;
        return ShowAsync(id, cancellationToken);
    }

    /// <summary>
    /// Sends the answer of the form: files uploaded with it become the caller's own attachments first (when the roles
    /// allow), then the answer goes out as the API sends it; back to the page, or the form with its problems.
    /// </summary>
    public async Task<IActionResult> OnPostReplyAsync(
        Guid id, string? body, string? to, string? cc, Guid? templateId, List<Guid>? attachmentIds, bool close, List<IFormFile>? files, CancellationToken cancellationToken)
    {
        var chosen = attachmentIds ?? [];
        Reply = new ReplyForm(body, to, cc, templateId, chosen);
        var scope = await ScopeAsync();
        if (!await scope.SeesAsync(db, id, cancellationToken))
        {
            return NotFound();
        }

        var uploaded = await UploadAsync(files ?? [], cancellationToken);
        if (uploaded is null)
        {
            return await ShowAsync(id, cancellationToken, keepForm: true);
        }

        chosen.AddRange(uploaded);
        Reply = Reply with { AttachmentIds = chosen };
        var outcome = await replies.SendAsync(scope, User, id, new ReplyInput(body, AddressListConverter.Split(to), AddressListConverter.Split(cc), templateId, chosen, close), cancellationToken);
        if (outcome.Accepted is not null)
        {
            return Redirect(Url.Page("/Requests/Request", null, new { id, sent = true }, null, null, "reply")!);
        }

        if (outcome.Errors is null && outcome.Problem is null)
        {
            return NotFound();
        }

        foreach (var (field, messages) in outcome.Errors ?? new Dictionary<string, string[]> { ["body"] = [outcome.Problem!.Detail] })
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }

        db.ChangeTracker.Clear();
        return await ShowAsync(id, cancellationToken, keepForm: true);
    }

    /// <summary>Throws the caller's draft away and shows the answer as proposed.</summary>
    public async Task<IActionResult> OnPostDiscardDraftAsync(Guid id, CancellationToken cancellationToken) =>
        await replies.DeleteDraftAsync(await ScopeAsync(), User, id, cancellationToken) ? RedirectToPage(null, null, new { id }, "reply") : NotFound();

    /// <summary>Stores the uploaded files as the caller's own attachments; their ids, or null (and the problem in the model state) when one is refused.</summary>
    private async Task<List<Guid>?> UploadAsync(List<IFormFile> files, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        if (files.Count == 0)
        {
            return ids;
        }

        if (TenantPermissions.PersonIdOf(User) is not { } person
            || !(await HttpContext.RequestServices.GetRequiredService<EffectivePermissions>().OfAsync(User, cancellationToken)).Permissions.HasFlag(Permission.UploadOwnAttachments))
        {
            ModelState.AddModelError("files", Localization.Texts<RequestsTexts>()["MayNotUpload"]);
            return null;
        }

        foreach (var file in files)
        {
            switch ((await Assets.AssetsEndpoints.StoreAsync(file, person, db, clock, cancellationToken)).Result)
            {
                case Microsoft.AspNetCore.Http.HttpResults.Created<Assets.PreparedAttachmentItem> { Value: { } stored }:
                    ids.Add(stored.Id);
                    break;
                case Microsoft.AspNetCore.Http.HttpResults.ValidationProblem { ProblemDetails: var problem }:
                    ModelState.AddModelError("files", string.Join(" ", problem.Errors.SelectMany(e => e.Value)));
                    return null;
                case Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { ProblemDetails: var problem }:
                    ModelState.AddModelError("files", problem.Detail ?? problem.Title ?? "");
                    return null;
            }
        }

        return ids;
    }

    public async Task<IActionResult> OnPostAssignToMeAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.AssignAsync(db, await ScopeAsync(), clock, id, TenantPermissions.PersonIdOf(User), TenantPermissions.PersonIdOf(User), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostAssignAsync(Guid id, Guid? personId, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.AssignAsync(db, await ScopeAsync(), clock, id, personId, TenantPermissions.PersonIdOf(User), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostUnassignAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.AssignAsync(db, await ScopeAsync(), clock, id, null, TenantPermissions.PersonIdOf(User), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostCategoryAsync(Guid id, Guid? categoryId, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.CategoryAsync(db, await ScopeAsync(), clock, id, categoryId, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostPriorityAsync(Guid id, string? priority, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.PriorityAsync(db, await ScopeAsync(), clock, id, priority, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostNoteAsync(Guid id, string? text, CancellationToken cancellationToken)
    {
        NoteText = text;
        return await AfterAsync(id, await RequestActions.NoteAsync(db, await ScopeAsync(), clock, id, text, cancellationToken), cancellationToken);
    }

    /// <summary>Forwards the request to an external contact (2nd-level folder); the text is typed plain and goes as HTML.</summary>
    public async Task<IActionResult> OnPostForwardAsync(
        Guid id, string? forwardTo, string? forwardBody, string? forwardNote, [FromServices] Forwarding.ExternalMail mail, CancellationToken cancellationToken)
    {
        External = new ExternalForm(ExternalForm.Forward, forwardTo, forwardBody, forwardNote);
        var scope = await ScopeAsync();
        return await AfterExternalAsync(id, ExternalForm.Forward,
            await mail.ForwardAsync(scope, User, id, new Forwarding.ForwardInput(forwardTo, ReplyHtml.FromText(forwardBody), forwardNote), cancellationToken), cancellationToken);
    }

    /// <summary>Asks an external party (2nd level); the answer comes back as a message and a note.</summary>
    public async Task<IActionResult> OnPostSecondLevelAsync(
        Guid id, string? secondLevelTo, string? secondLevelBody, [FromServices] Forwarding.ExternalMail mail, CancellationToken cancellationToken)
    {
        External = new ExternalForm(ExternalForm.SecondLevel, secondLevelTo, secondLevelBody, null);
        var scope = await ScopeAsync();
        return await AfterExternalAsync(id, ExternalForm.SecondLevel,
            await mail.AskAsync(scope, User, id, new Forwarding.SecondLevelInput(secondLevelTo, ReplyHtml.FromText(secondLevelBody)), cancellationToken), cancellationToken);
    }

    /// <summary>Reminds the external contact the request was forwarded to.</summary>
    public async Task<IActionResult> OnPostRemindAsync(Guid id, [FromServices] Forwarding.ExternalMail mail, CancellationToken cancellationToken) =>
        await AfterExternalAsync(id, ExternalForm.Reminder, await mail.RemindAsync(await ScopeAsync(), User, id, cancellationToken), cancellationToken);

    /// <summary>The form an external mail was written in, kept when it comes back with problems.</summary>
    public ExternalForm? External { get; private set; }

    /// <summary>Which external mail the page follows (<c>?external=forward</c> after a forward went to the outbox).</summary>
    [BindProperty(SupportsGet = true, Name = "external")]
    public string? ExternalSent { get; set; }

    /// <summary>Back to the page (at the 2nd-level part) after the mail went to the outbox, or the form with its problems beside its fields.</summary>
    private async Task<IActionResult> AfterExternalAsync(Guid id, string form, ReplyOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Accepted is not null)
        {
            return Redirect(Url.Page("/Requests/Request", null, new { id, external = form }, null, null, "external")!);
        }

        if (outcome.Errors is null && outcome.Problem is null)
        {
            return NotFound();
        }

        foreach (var (field, messages) in outcome.Errors ?? new Dictionary<string, string[]> { [""] = [outcome.Problem!.Detail] })
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(ExternalForm.Key(form, field), message);
            }
        }

        db.ChangeTracker.Clear();
        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.StatusAsync(db, await ScopeAsync(), clock, id, RequestStatus.Closed, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.StatusAsync(db, await ScopeAsync(), clock, id, RequestStatus.Open, cancellationToken), cancellationToken);

    /// <summary>Back to the page after a change (so a reload does not post again), or the page with the form's problem.</summary>
    private async Task<IActionResult> AfterAsync(Guid id, ActionOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Errors is { } errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }

            db.ChangeTracker.Clear();
            return await ShowAsync(id, cancellationToken);
        }

        return outcome.Request is null ? NotFound() : RedirectToPage(new { id });
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken, bool keepForm = false)
    {
        if (await RequestsEndpoints.FindAsync(db, await ScopeAsync(), id, cancellationToken) is not { } request)
        {
            return NotFound();
        }

        Detail = request;
        Views = await MessageViews.ShowAsync(db, request, ImagesShown, (messageId, url) =>
            Url.Content(MailImages.Address(imageTokens, tenant.Required.Id, request.Id, messageId, url)), cancellationToken);
        CategoryName = await db.Categories.Where(c => c.Id == request.CategoryId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        var contact = await db.Contacts.Where(c => c.Id == request.ContactId).Select(c => new { c.FirstName, c.LastName }).SingleOrDefaultAsync(cancellationToken);
        ContactName = contact is null ? null : string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var groups = await db.Categories.Where(c => c.Id == request.CategoryId).Select(c => new { c.AgentGroupId, c.AgentGroup!.SupervisorGroupId }).SingleOrDefaultAsync(cancellationToken);
        var people = groups is null ? [] : await db.GroupAssignments.AsNoTracking()
            .Where(a => a.AgentGroupId == groups.AgentGroupId || a.SupervisorGroupId == groups.SupervisorGroupId).Select(a => a.PersonId).Distinct().ToListAsync(cancellationToken);
        if (request.AssigneeId is { } assignee)
        {
            people.Add(assignee);
        }

        People = (await catalog.Users.AsNoTracking().Where(u => people.Contains(u.Id)).Select(u => new { u.Id, u.UserName, u.Email }).ToListAsync(cancellationToken))
            .Select(u => (u.Id, u.UserName ?? u.Email ?? u.Id.ToString())).OrderBy(p => p.Item2, StringComparer.CurrentCultureIgnoreCase).ToList();
        // The contact's (or, without a contact, the same address's) other requests the caller may see, newest first.
        var scope = await ScopeAsync();
        var others = scope.Apply(db.Requests.AsNoTracking()).Where(r => r.Id != request.Id);
        others = request.ContactId is { } contactId ? others.Where(r => r.ContactId == contactId) : others.Where(r => r.ContactEmail == request.ContactEmail && r.ContactEmail != null);
        OtherRequests = (await others.OrderByDescending(r => r.CreatedAt).Take(OtherRequestsShown)
            .Select(r => new { r.Id, r.Number, r.Subject, r.Status }).ToListAsync(cancellationToken))
            .Select(r => new OtherRequest(r.Id, r.Number, r.Subject, RequestValues.Status(r.Status))).ToList();
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        Proposal = await replies.ProposeAsync(await ScopeAsync(), User, id, cancellationToken);
        if (!keepForm && Proposal is not null)
        {
            Reply = Proposal.Draft is { } draft
                ? new ReplyForm(draft.Body, draft.To, draft.Cc, draft.TemplateId, [.. draft.AttachmentIds])
                : new ReplyForm(Proposal.Body, string.Join(", ", Proposal.To), string.Join(", ", Proposal.Cc), Proposal.TemplateId, []);
        }

        Categories = (await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();
        return Page();
    }

    /// <summary>Whether a model-state key belongs to the answer form or an external mail's form (each shows its own problems beside its fields).</summary>
    public static bool IsReplyField(string key) =>
        ReplyFields.Any(field => key == field || key.StartsWith(field + "[", StringComparison.Ordinal)) || ExternalForm.IsKey(key);

    /// <summary>The problems of one field of the answer form (and of its items), each in its own paragraph.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent ErrorsOf(string field)
    {
        var content = new Microsoft.AspNetCore.Html.HtmlContentBuilder();
        foreach (var (key, entry) in ModelState.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)))
        {
            foreach (var error in entry!.Errors)
            {
                content.AppendHtml($"<p class=\"field-error\" role=\"alert\" data-error-for=\"{System.Net.WebUtility.HtmlEncode(key)}\">");
                content.Append(error.ErrorMessage);
                content.AppendHtml("</p>");
            }
        }

        return content;
    }

    /// <summary>Where the editor keeps the caller's draft (the API, with the sign-in cookie).</summary>
    public string DraftAddress => Url.Content($"~/api/requests/{Detail.Id}/draft");

    private async Task<RequestScope> ScopeAsync() => (await RequestScope.BindAsync(HttpContext))!;

    /// <summary>Where the original of a message is downloaded (the API, with the sign-in cookie).</summary>
    public string RawAddress(MessageItem message) => Url.Content($"~/api/requests/{Detail.Id}/messages/{message.Id}/raw");

    /// <summary>Where an attachment is downloaded (the API, with the sign-in cookie).</summary>
    public string AttachmentAddress(MessageItem message, AttachmentItem attachment) => Url.Content(RequestAttachments.Address(Detail.Id, message.Id, attachment.Id));

    /// <summary>The page again with the remote images of <paramref name="message"/> let through as well, back at that message.</summary>
    public string ShowImagesAddress(MessageItem message) =>
        Url.Content($"~/requests/{Detail.Id}") + "?" + string.Join('&', ImagesShown.Append(message.Id).Distinct().Select(m => $"images={m}")) + $"#message-{message.Id}";

    /// <summary>Mailboxes as a header shows them: <c>Name &lt;address&gt;</c>, separated by commas.</summary>
    public static string Mailboxes(IEnumerable<MailboxItem> mailboxes) =>
        string.Join(", ", mailboxes.Select(m => string.IsNullOrWhiteSpace(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));
}

/// <summary>The answer form's fields: the HTML, the recipients as typed, the template and the chosen attachments.</summary>
public sealed record ReplyForm(string? Body, string? To, string? Cc, Guid? TemplateId, List<Guid> AttachmentIds);

/// <summary>Another request of the same contact, as the request page links it.</summary>
public sealed record OtherRequest(Guid Id, long Number, string Subject, string Status);

/// <summary>What a form for an external party held (<see cref="Kind"/>: forward, second-level or reminder), and how its problems are keyed in the model state.</summary>
public sealed record ExternalForm(string Kind, string? To, string? Body, string? Note)
{
    public const string Forward = "forward";
    public const string SecondLevel = "second-level";
    public const string Reminder = "reminder";

    private const string Prefix = "external.";

    /// <summary>The model-state key of a field's problem (the field empty: the form's own).</summary>
    public static string Key(string form, string field) => $"{Prefix}{form}.{field}";

    public static bool IsKey(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);
}
