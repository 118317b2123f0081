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
public sealed class RequestModel(TenantDbContext db, TimeProvider clock, TenantContext tenant, MailImageTokens imageTokens) : PageModel
{
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

    public Task<IActionResult> OnGetAsync(Guid id, [FromQuery(Name = "images")] Guid[]? images, CancellationToken cancellationToken)
    {
        ImagesShown = (images ?? []).ToHashSet();
        return ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignToMeAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await RequestActions.AssignAsync(db, await ScopeAsync(), clock, id, TenantPermissions.PersonIdOf(User), TenantPermissions.PersonIdOf(User), cancellationToken), cancellationToken);

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

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
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
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        Categories = (await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name)).ToList();
        return Page();
    }

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
