using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>One request, read-only: its header, the conversation in and out, notes and history, as the API's detail has them.</summary>
[Authorize(Policy = TenantRoles.Supervisor)]
public sealed class RequestModel(TenantDbContext db) : PageModel
{
    public RequestDetail Detail { get; private set; } = null!;

    public string? CategoryName { get; private set; }

    /// <summary>The contact's name (or e-mail address) when the request has a contact.</summary>
    public string? ContactName { get; private set; }

    public string? TimeZone { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await RequestsEndpoints.FindAsync(db, id, cancellationToken) is not { } request)
        {
            return NotFound();
        }

        Detail = request;
        CategoryName = await db.Categories.Where(c => c.Id == request.CategoryId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        var contact = await db.Contacts.Where(c => c.Id == request.ContactId).Select(c => new { c.FirstName, c.LastName }).SingleOrDefaultAsync(cancellationToken);
        ContactName = contact is null ? null : string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        return Page();
    }

    /// <summary>Where the original of a message is downloaded (the API, with the sign-in cookie).</summary>
    public string RawAddress(MessageItem message) => Url.Content($"~/api/requests/{Detail.Id}/messages/{message.Id}/raw");

    /// <summary>Mailboxes as a header shows them: <c>Name &lt;address&gt;</c>, separated by commas.</summary>
    public static string Mailboxes(IEnumerable<MailboxItem> mailboxes) =>
        string.Join(", ", mailboxes.Select(m => string.IsNullOrWhiteSpace(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));
}
