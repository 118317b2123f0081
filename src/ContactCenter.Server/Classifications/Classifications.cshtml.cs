using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Classifications;

/// <summary>
/// The classification mask: the list with the categories each is assigned to (edited on the category mask, shown here
/// read-only), a form that adds one or edits the one chosen (<c>?edit=id</c>), and delete, refused while a routing
/// rule routes by it. Saving and deleting go through <see cref="ClassificationEndpoints"/>, as the API does.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class ClassificationsModel(TenantDbContext db, IStringLocalizer<ClassificationsTexts> texts) : PageModel
{
    /// <summary>The channels to choose, each with the key of its label in <see cref="ClassificationsTexts"/>.</summary>
    public static readonly IReadOnlyList<(Channels Channel, string LabelKey)> ChannelChoices =
        [(Channels.Email, "ChannelEmail"), (Channels.Letter, "ChannelLetter"), (Channels.Phone, "ChannelPhone"), (Channels.Sms, "ChannelSms")];

    public sealed class ClassificationForm
    {
        public string? Name { get; set; }

        public string? Description { get; set; }

        public List<string> Channels { get; set; } = [];
    }

    public IReadOnlyList<ClassificationItem> Classifications { get; private set; } = [];

    /// <summary>Category names by id, to show the assignments.</summary>
    public IReadOnlyDictionary<Guid, string> CategoryNames { get; private set; } = new Dictionary<Guid, string>();

    [BindProperty]
    public ClassificationForm Form { get; set; } = new();

    public Guid? EditId { get; private set; }

    public string? Done { get; private set; }

    /// <summary>Why a delete was refused (the routing rules that use the classification).</summary>
    public string? Refused { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid? edit, string? done, CancellationToken cancellationToken)
    {
        Done = done switch { "saved" => texts["Saved"].Value, "deleted" => texts["Deleted"].Value, _ => null };
        await LoadAsync(cancellationToken);
        if (edit is { } id)
        {
            if (Classifications.FirstOrDefault(c => c.Id == id) is not { } chosen)
            {
                return NotFound();
            }

            EditId = id;
            Form = new ClassificationForm { Name = chosen.Name, Description = chosen.Description, Channels = [.. chosen.Channels] };
        }

        return Page();
    }

    /// <summary>Adds a classification (<paramref name="id"/> null) or saves the edited one, keeping its category assignment.</summary>
    public async Task<IActionResult> OnPostSaveAsync(Guid? id, CancellationToken cancellationToken)
    {
        var assigned = id is null ? [] : (await ClassificationEndpoints.ListItemsAsync(db, cancellationToken)).FirstOrDefault(c => c.Id == id)?.CategoryIds ?? [];
        var outcome = await ClassificationEndpoints.SaveAsync(db, id, new ClassificationInput(Form.Name, Form.Description, Form.Channels, assigned), cancellationToken);
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

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await ClassificationEndpoints.DeleteAsync(db, id, cancellationToken);
        if (outcome.Missing)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            return RedirectToPage(new { done = "deleted" });
        }

        Refused = outcome.Conflict;
        Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public bool Chosen(Channels channel) => Form.Channels.Any(c => string.Equals(c, channel.ToString(), StringComparison.OrdinalIgnoreCase));

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Classifications = await ClassificationEndpoints.ListItemsAsync(db, cancellationToken);
        CategoryNames = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
    }
}
