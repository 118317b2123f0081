using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.MailAccounts;

/// <summary>
/// The mail account mask: lists inbound accounts, system accounts and outbound servers with forms to add and edit
/// them. The password field is write-only: it is never filled in, and leaving it empty keeps the stored password.
/// Validation is the API's, so the page and the API refuse the same input with the same messages.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
[MultiLineText("senderAddressesText")]
public sealed class MailAccountsModel(
    TenantDbContext db, TenantContext tenant, IDataProtectionProvider protection, IConfiguration configuration, EffectiveSystemAccounts effective,
    PublicAddressPolicy hosts, MailFetchDirectory directory, MailFetchStatuses statuses, IStringLocalizer<MailAccountsTexts> texts) : PageModel
{
    public IReadOnlyList<InboundAccountItem> Inbound { get; private set; } = [];

    public IReadOnlyList<SystemAccountItem> SystemAccounts { get; private set; } = [];

    public IReadOnlyList<OutboundServerItem> Outbound { get; private set; } = [];

    /// <summary>The system accounts in effect: the tenant's own per type, else the platform's global ones.</summary>
    public IReadOnlyList<EffectiveSystemAccountItem> EffectiveSystemAccounts { get; private set; } = [];

    /// <summary>The tenant's client partitions, the choices for an inbound account's partition.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Partitions { get; private set; } = [];

    /// <summary>How fetching went, by account id (inbound and system accounts).</summary>
    public IReadOnlyDictionary<Guid, MailFetchStatus> FetchStatuses { get; private set; } = new Dictionary<Guid, MailFetchStatus>();

    /// <summary>The tenant's time zone, for the times of the fetch status.</summary>
    public string? TimeZone { get; private set; }

    /// <summary>Per-field errors of the form just posted, keyed <c>form.field</c> (e.g. <c>inbound.host</c>).</summary>
    public FormErrors Errors { get; } = new();

    public ConnectionTestResult? TestResult { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    [BindProperty]
    public InboundAccountRequest? InboundForm { get; set; }

    [BindProperty]
    public SystemAccountRequest? SystemForm { get; set; }

    [BindProperty]
    public OutboundServerRequest? OutboundForm { get; set; }

    /// <summary>The outbound sender addresses as typed: one per line.</summary>
    [BindProperty]
    public string? SenderAddressesText { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Edit is { } id)
        {
            if (Inbound.FirstOrDefault(a => a.Id == id) is { } inbound)
            {
                InboundForm = new InboundAccountRequest(inbound.Name, inbound.Protocol, inbound.Host, inbound.Port, inbound.TlsMode, inbound.UserName,
                    null, inbound.Folder, inbound.Weighting, inbound.KeepOnServer, inbound.Enabled, inbound.ImportedFolder, inbound.PartitionId?.ToString());
            }
            else if (SystemAccounts.FirstOrDefault(a => a.Id == id) is { } system)
            {
                SystemForm = SystemAccountForms.Of(system);
            }
            else if (Outbound.FirstOrDefault(s => s.Id == id) is { } outbound)
            {
                OutboundForm = new OutboundServerRequest(outbound.Name, outbound.Host, outbound.Port, outbound.TlsMode, outbound.Authenticate, outbound.UserName,
                    null, outbound.SenderAddresses, outbound.Active);
                SenderAddressesText = string.Join('\n', outbound.SenderAddresses);
            }
        }
    }

    public async Task<IActionResult> OnPostInboundAsync(CancellationToken cancellationToken)
    {
        var request = InboundForm ?? new InboundAccountRequest(null, null, null, null, null, null, null, null, null, null, null);
        var account = Edit is { } id ? await db.InboundAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        if (Edit is not null && account is null)
        {
            return NotFound();
        }

        var target = account ?? new InboundAccount { Name = "", Host = "", UserName = "" };
        // Unchecked boxes send nothing: on this form "absent" means off, not "default".
        request = request with { KeepOnServer = request.KeepOnServer ?? false, Enabled = request.Enabled ?? false };
        return await SaveAsync("inboundForm", await InboundAccountHandlers.ApplyAsync(target, request, db, tenant, protection, hosts, cancellationToken),
            account is null ? target : null, cancellationToken, fetched: true);
    }

    public async Task<IActionResult> OnPostSystemAsync(CancellationToken cancellationToken)
    {
        var request = SystemAccountForms.Posted(SystemForm);
        var account = Edit is { } id ? await db.SystemAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) : null;
        if (Edit is not null && account is null)
        {
            return NotFound();
        }

        var target = account ?? new SystemAccount { Name = "", EmailAddress = "" };
        return await SaveAsync("systemForm", await SystemAccountHandlers.ApplyAsync(target, request, db, tenant, protection, hosts, cancellationToken),
            account is null ? target : null, cancellationToken, fetched: true);
    }

    public async Task<IActionResult> OnPostOutboundAsync(CancellationToken cancellationToken)
    {
        var request = (OutboundForm ?? new OutboundServerRequest(null, null, null, null, null, null, null, null, null)) with
        {
            SenderAddresses = (SenderAddressesText ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        request = request with { Authenticate = request.Authenticate ?? false, Active = request.Active ?? false };
        var server = Edit is { } id ? await db.OutboundSmtpServers.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
        if (Edit is not null && server is null)
        {
            return NotFound();
        }

        var target = server ?? new OutboundSmtpServer { Name = "", Host = "" };
        return await SaveAsync("outboundForm", await OutboundServerHandlers.ApplyAsync(target, request, db, tenant, protection, hosts, cancellationToken),
            server is null ? target : null, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        object? entity = await db.InboundAccounts.FindAsync([id], cancellationToken)
            ?? await db.SystemAccounts.FindAsync([id], cancellationToken)
            ?? (object?)await db.OutboundSmtpServers.FindAsync([id], cancellationToken);
        if (entity is null)
        {
            return NotFound();
        }

        db.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
        if (entity is not OutboundSmtpServer)
        {
            await directory.SyncTenantAsync(tenant.Required.Id, db, cancellationToken);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.InboundAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } inbound)
        {
            TestResult = await MailConnectionTester.TestInboundAsync(inbound, MailAccountsFeature.StoredSecret(protection, tenant, inbound.ProtectedSecret), configuration, cancellationToken);
        }
        else if (await db.SystemAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } system)
        {
            TestResult = await MailConnectionTester.TestSystemAsync(system, MailAccountsFeature.StoredSecret(protection, tenant, system.ProtectedSecret), configuration, cancellationToken);
        }
        else if (await db.OutboundSmtpServers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is { } outbound)
        {
            TestResult = await MailConnectionTester.TestOutboundAsync(outbound, MailAccountsFeature.StoredSecret(protection, tenant, outbound.ProtectedSecret), configuration, cancellationToken);
        }
        else
        {
            return NotFound();
        }

        Edit = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    // fetched: an inbound or system account, so the fetch directory is written after the save.
    private async Task<IActionResult> SaveAsync(string form, FieldErrors errors, object? added, CancellationToken cancellationToken, bool fetched = false)
    {
        // Values the binder could not read at all (letters in a number field) are field errors too.
        foreach (var (key, _) in ModelState.Where(e => e.Value is { Errors.Count: > 0 } && e.Key.StartsWith(form, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(key[(form.Length + 1)..], texts["EnterNumber"]);
        }

        if (errors.Any)
        {
            var prefix = form[..^"Form".Length];
            Errors.Add(errors.ToDictionary().ToDictionary(e => $"{prefix}.{e.Key}", e => e.Value));

            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        if (added is not null)
        {
            db.Add(added);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (fetched)
        {
            await directory.SyncTenantAsync(tenant.Required.Id, db, cancellationToken);
        }

        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Inbound = (await db.InboundAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken)).Select(MailAccountNames.Item).ToList();
        SystemAccounts = (await db.SystemAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken)).Select(MailAccountNames.Item).ToList();
        Outbound = (await db.OutboundSmtpServers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken)).Select(MailAccountNames.Item).ToList();
        EffectiveSystemAccounts = (await effective.ListAsync(cancellationToken)).Select(MailAccountNames.Item).ToList();
        Partitions = (await db.ClientPartitions.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken))
            .Select(p => (p.Id, p.Name)).ToList();
        FetchStatuses = await statuses.OfTenantAsync(tenant.Required.Id, cancellationToken);
        TimeZone = await db.Settings.AsNoTracking().Select(s => s.TimeZone).SingleOrDefaultAsync(cancellationToken);
    }
}
