using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.Letters;

/// <summary>One batch's progress: a bar the page's script keeps current from the API, the requests not exported, and the zip once finished.</summary>
[Authorize(Policy = TenantPermissions.PolicyPrefix + nameof(Permission.ExportLetters))]
public sealed class BatchModel(TenantDbContext db, LetterBatches batches) : PageModel
{
    public LetterBatchProgressItem Batch { get; private set; } = null!;

    public string? TimeZone { get; private set; }

    /// <summary>Where the script reads the progress (the API, with the sign-in cookie).</summary>
    public string ProgressAddress => Url.Content($"~/api/letters/batches/{Batch.Id}");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await batches.FindAsync(User, id, cancellationToken) is not { } batch)
        {
            return NotFound();
        }

        Batch = LetterBatches.Progress(batch, Url.Content("~" + LettersFeature.DownloadAddress(id)));
        TimeZone = await RequestPages.TimeZoneAsync(db, cancellationToken);
        return Page();
    }
}
