using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.ApiClients;

/// <summary>
/// A tenant's API clients: the list, a form to create one (its secret shown once on the answer page, never stored
/// readable), and removal. Every change goes through the API's handlers, so the page applies exactly its rules.
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class ApiClientsModel(ClientRegistry registry, TenantContext tenant, TenantDbContext db, IStringLocalizer<ApiClientsTexts> texts) : PageModel
{
    public sealed class ClientForm
    {
        public string? ClientId { get; set; }

        public string? Name { get; set; }

        public string? Role { get; set; }
    }

    public IReadOnlyList<ApiClientItem> Clients { get; private set; } = [];

    /// <summary>The built-in roles, then the tenant's custom roles.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    [BindProperty]
    public ClientForm Form { get; set; } = new();

    public FormErrors Errors { get; } = new();

    /// <summary>The client just created, whose secret this page shows once.</summary>
    public CreatedApiClient? Created { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var result = await ApiClientsEndpoints.CreateAsync(new NewApiClient(Form.ClientId, Form.Name, Form.Role), tenant, registry, texts, cancellationToken);
        if (result.Result is Created<CreatedApiClient> { Value: { } created })
        {
            // Answered directly, not redirected: the secret must not travel through TempData or a URL.
            Created = created;
            Form = new ClientForm();
        }
        else if (Errors.AddOutcome(result.Result, "clientId"))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string clientId, CancellationToken cancellationToken)
    {
        var result = await ApiClientsEndpoints.RemoveAsync(clientId, tenant, registry, texts, cancellationToken);
        if (Errors.AddOutcome(result.Result, "clientId"))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Done = texts["Removed", clientId];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clients = await ApiClientsEndpoints.ListAsync(registry, tenant, cancellationToken);
        var custom = await db.Roles.AsNoTracking().Where(r => r.BuiltIn == null).OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(cancellationToken);
        Roles = [.. ClientRegistry.BuiltInRoleNames, .. custom];
    }
}
