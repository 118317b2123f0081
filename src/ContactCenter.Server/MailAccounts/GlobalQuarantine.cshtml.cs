using ContactCenter.Data.Catalog;
using ContactCenter.Server.Platform;
using ContactCenter.Server.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.MailAccounts;

/// <summary>One message of the global quarantine as the list shows it (without its bytes).</summary>
public sealed record GlobalQuarantineItem(Guid Id, Guid AccountId, DateTime ReceivedAt, string ReasonCode, string Reason, long Size);

/// <summary>
/// The platform operator's quarantine of the global system accounts: mail that found no tenant (no request token we
/// know), newest first with its account, reason and size, the original for download, deletion. Platform operators only.
/// </summary>
[Authorize(Policy = PlatformFeature.OperatorPolicy)]
public sealed class GlobalQuarantineModel(CatalogDbContext catalog, IStringLocalizer<MailAccountsTexts> texts) : PageModel
{
    /// <summary>How many entries the page lists, newest first; the total says when there are more.</summary>
    public const int Shown = 200;

    public IReadOnlyList<GlobalQuarantineItem> Items { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>The global system accounts' names by id.</summary>
    public IReadOnlyDictionary<Guid, string> Accounts { get; private set; } = new Dictionary<Guid, string>();

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Total = await catalog.GlobalQuarantine.CountAsync(cancellationToken);
        Items = await catalog.GlobalQuarantine.AsNoTracking().OrderByDescending(q => q.ReceivedAt).ThenByDescending(q => q.Id).Take(Shown)
            .Select(q => new GlobalQuarantineItem(q.Id, q.AccountId, q.ReceivedAt, q.ReasonCode, q.Reason, q.Size))
            .ToListAsync(cancellationToken);
        Accounts = await catalog.GlobalSystemAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
    }

    /// <summary>The message as received: message/rfc822, as an attachment.</summary>
    public async Task<IActionResult> OnGetRawAsync(Guid id, CancellationToken cancellationToken)
    {
        var content = await catalog.GlobalQuarantine.Where(q => q.Id == id).Select(q => q.Content).SingleOrDefaultAsync(cancellationToken);
        return content is null ? NotFound() : File(content, RawMails.MediaType, $"global-quarantine-{id:N}.eml");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await catalog.GlobalQuarantine.Where(q => q.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }

        Done = texts["GlobalQuarantineDeleted"];
        return RedirectToPage();
    }

    /// <summary>Where the original of an entry is downloaded.</summary>
    public string RawAddress(GlobalQuarantineItem item) => Url.Content("~/platform/quarantine") + $"?handler=Raw&id={item.Id}";

    /// <summary>A time in UTC, as the platform's pages show them (no tenant's zone applies).</summary>
    public static string Time(DateTime utc) => TenantTime.Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), null);
}
