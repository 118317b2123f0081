using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Roles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Assets;

/// <summary>
/// Assets: the attachment type allowlist, the prepared attachments agents add to answers, and which roles may upload
/// their own attachments (the roles' <see cref="Permission.UploadOwnAttachments"/> flag, the same data as on the roles page).
/// Every change goes through the assets and roles API handlers, so the page applies exactly their rules.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
[Authorize(Policy = TenantPermissions.PolicyPrefix + nameof(Permission.ChangeSettings))]
[RequestSizeLimit((AttachmentType.MaxSizeLimitMegabytes + 1) * 1024L * 1024L)]
[RequestFormLimits(MultipartBodyLengthLimit = (AttachmentType.MaxSizeLimitMegabytes + 1) * 1024L * 1024L)]
public sealed class AssetsModel(TenantDbContext db, TimeProvider clock, IStringLocalizer<AssetsTexts> texts) : PageModel
{
    /// <summary>One row of the allowlist mask; <see cref="Remove"/> drops it, a row left blank is ignored.</summary>
    public sealed class TypeRow
    {
        public string? Extension { get; set; }

        public string? MediaType { get; set; }

        public int? MaxSizeMegabytes { get; set; }

        public bool Remove { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Extension) && string.IsNullOrWhiteSpace(MediaType) && MaxSizeMegabytes is null;
    }

    [BindProperty]
    public List<TypeRow> Types { get; set; } = [];

    [BindProperty]
    public List<Guid> UploadRoles { get; set; } = [];

    public IReadOnlyList<PreparedAttachmentItem> Prepared { get; private set; } = [];

    public IReadOnlyList<RoleView> Roles { get; private set; } = [];

    /// <summary>Errors by field: <c>types[i].extension</c> (row i of the mask), <c>file</c>, <c>roles</c>.</summary>
    public FormErrors Errors { get; } = new();

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Types = ((await AssetsEndpoints.ListTypesAsync(db, cancellationToken)).Value ?? [])
            .Select(t => new TypeRow { Extension = t.Extension, MediaType = t.MediaType, MaxSizeMegabytes = t.MaxSizeMegabytes }).ToList();
        await LoadAsync(cancellationToken);
    }

    /// <summary>Replaces the allowlist with the rows kept; with any invalid row nothing changes.</summary>
    public async Task<IActionResult> OnPostTypesAsync(CancellationToken cancellationToken)
    {
        // The API numbers the rows it receives; remember which mask row each one came from.
        var sent = Types.Select((row, index) => (row, index)).Where(r => !r.row.Remove && !r.row.IsBlank).ToList();
        var outcome = await AssetsEndpoints.ReplaceTypesAsync(
            sent.Select(r => new AttachmentTypeItem(r.row.Extension, r.row.MediaType, r.row.MaxSizeMegabytes ?? 0)).ToList(), db, cancellationToken);
        var refused = new FormErrors();
        if (refused.AddOutcome(outcome.Result, "types"))
        {
            var rows = sent.Select(r => r.index).ToList();
            foreach (var (field, messages) in refused.All)
            {
                foreach (var message in messages)
                {
                    Errors.Add(RowField(field, rows), message);
                }
            }

            return await RefusedAsync(cancellationToken);
        }

        Done = texts["SavedTypes"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? upload, CancellationToken cancellationToken)
    {
        var outcome = await AssetsEndpoints.UploadAsync(upload, db, clock, cancellationToken);
        if (Errors.AddOutcome(outcome.Result, "file"))
        {
            await OnGetAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Done = texts["Uploaded", ((Created<PreparedAttachmentItem>)outcome.Result).Value?.FileName ?? ""].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken cancellationToken) =>
        (await AssetsEndpoints.DownloadOneAsync(db, id, null, cancellationToken)).Result is FileContentHttpResult file
            ? File(file.FileContents.ToArray(), file.ContentType ?? "application/octet-stream", file.FileDownloadName)
            : NotFound();

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if ((await AssetsEndpoints.DeleteOneAsync(db, id, null, cancellationToken)).Result is not NoContent)
        {
            return NotFound();
        }

        Done = texts["DeletedPrepared"].Value;
        return RedirectToPage();
    }

    /// <summary>Sets the "may upload own attachments" flag on exactly the roles ticked, through the roles API.</summary>
    public async Task<IActionResult> OnPostUploadRolesAsync(CancellationToken cancellationToken)
    {
        foreach (var role in (await RolesEndpoints.ListAsync(db, cancellationToken)).Value ?? [])
        {
            var had = role.Permissions.Contains(nameof(Permission.UploadOwnAttachments));
            if (had == UploadRoles.Contains(role.Id))
            {
                continue;
            }

            var permissions = had ? role.Permissions.Where(p => p != nameof(Permission.UploadOwnAttachments)).ToList() : [.. role.Permissions, nameof(Permission.UploadOwnAttachments)];
            var outcome = await RolesEndpoints.SaveAsync(db, role.Id, new RoleInput(role.Name, role.Description, permissions), cancellationToken);
            var refused = new FormErrors();
            if (refused.AddOutcome(outcome.Result, "roles"))
            {
                Errors.Add("roles", $"{role.Name}: {string.Join(" ", refused.All.SelectMany(e => e.Value))}");
                await OnGetAsync(cancellationToken);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
        }

        Done = texts["SavedUploadRoles"].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult> RefusedAsync(CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Prepared = (await AssetsEndpoints.ListPreparedAsync(db, cancellationToken)).Value ?? [];
        Roles = (await RolesEndpoints.ListAsync(db, cancellationToken)).Value ?? [];
    }

    // "[2].extension" of the API (its third row) becomes "types[5].extension" when mask row 5 was the third sent.
    private static string RowField(string key, List<int> rows)
    {
        var close = key.IndexOf(']', StringComparison.Ordinal);
        return key.StartsWith('[') && close > 1 && int.TryParse(key.AsSpan(1, close - 1), out var sent) && sent < rows.Count
            ? $"types[{rows[sent]}]{key[(close + 1)..]}"
            : key;
    }
}
