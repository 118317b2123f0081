using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.TextBlocks;

/// <summary>
/// The text block mask: the list, a form that adds a block or edits the one chosen (<c>?edit=id</c>), and delete.
/// Saving goes through <see cref="TextBlockEndpoints.SaveAsync"/>, so the page and the API apply the same rules.
/// </summary>
[Authorize(Policy = TenantPermissions.EditTemplatesPolicy)]
[MultiLineText("body")]
public sealed class TextBlocksModel(TenantDbContext db, IStringLocalizer<TextBlocksTexts> texts) : PageModel
{
    /// <summary>The form's fields; check boxes post "true" only when ticked.</summary>
    public sealed class TextBlockForm
    {
        public string? Name { get; set; }

        public string? Subject { get; set; }

        public string? Body { get; set; }

        public string? Channel { get; set; } = nameof(TextBlockChannel.Email);

        public bool Enabled { get; set; } = true;

        public bool EditableByAgents { get; set; }
    }

    public IReadOnlyList<TextBlock> Blocks { get; private set; } = [];

    [BindProperty]
    public TextBlockForm Form { get; set; } = new();

    /// <summary>The block being edited; null while adding one.</summary>
    public Guid? EditId { get; private set; }

    public string? Done { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid? edit, string? done, CancellationToken cancellationToken)
    {
        Done = done switch { "saved" => texts["Saved"].Value, "deleted" => texts["Deleted"].Value, _ => null };
        if (edit is { } id)
        {
            if (await db.TextBlocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken) is not { } block)
            {
                return NotFound();
            }

            EditId = id;
            Form = new TextBlockForm
            {
                Name = block.Name, Subject = block.Subject, Body = block.Body, Channel = block.Channel.ToString(),
                Enabled = block.Enabled, EditableByAgents = block.EditableByAgents,
            };
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Adds a block (<paramref name="id"/> null) or saves the edited one; with any invalid field nothing is saved.</summary>
    public async Task<IActionResult> OnPostSaveAsync(Guid? id, CancellationToken cancellationToken)
    {
        var input = new TextBlockInput(Form.Name, Form.Subject, Form.Body, Form.Channel, Form.Enabled, Form.EditableByAgents);
        var outcome = await TextBlockEndpoints.SaveAsync(db, id, input, cancellationToken);
        if (outcome.Missing)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            return RedirectToPage(new { done = "saved" });
        }

        Errors.AddOutcome(outcome);

        EditId = id;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await TextBlockEndpoints.DeleteAsync(db, id, cancellationToken) ? RedirectToPage(new { done = "deleted" }) : NotFound();

    /// <summary>How many SMS messages a text of <paramref name="length"/> characters takes (160 alone, 153 each when split).</summary>
    public static int SmsMessages(int length) => length <= 160 ? 1 : (length + 152) / 153;

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Blocks = await db.TextBlocks.AsNoTracking().OrderBy(b => b.Name).ToListAsync(cancellationToken);
}
