using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.OrgTree;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Roles;

/// <summary>
/// Roles and permissions: the built-in and custom roles with their flags, a form to add a custom role, and who holds
/// each custom role. Every change goes through the roles API's handlers, so the page applies exactly its rules.
/// Only administrators change roles (supervisors may read them through the API, not change them here).
/// </summary>
[Authorize(Policy = TenantRoles.Administrator)]
public sealed class RolesModel(TenantDbContext db, CatalogDbContext catalog, TenantContext tenant, PersonDirectory directory, IStringLocalizer<RolesTexts> texts)
    : PageModel
{
    /// <summary>What the role form posts; <see cref="Permissions"/> holds permission names.</summary>
    public sealed class RoleForm
    {
        public string? Name { get; set; }

        public string? Description { get; set; }

        public List<string> Permissions { get; set; } = [];
    }

    public IReadOnlyList<RoleView> Roles { get; private set; } = [];

    public IReadOnlyList<PersonItem> People { get; private set; } = [];

    public IReadOnlyList<PermissionInfo> Permissions => RolesEndpoints.Catalog;

    [BindProperty]
    public RoleForm Form { get; set; } = new();

    /// <summary>The role whose form was posted and refused (<see cref="Guid.Empty"/> for the new-role form), or null.</summary>
    public Guid? Refused { get; private set; }

    public FormErrors Errors { get; } = new();

    [TempData]
    public string? Done { get; set; }

    /// <summary>The error of <paramref name="field"/> when <paramref name="roleId"/>'s form was the one refused.</summary>
    public string? Error(Guid roleId, string field) =>
        Refused == roleId ? Errors[field] : null;

    public string EmailOf(Guid personId) => People.FirstOrDefault(p => p.Id == personId)?.Email ?? personId.ToString();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Adds a custom role (no <paramref name="id"/>) or saves an existing one.</summary>
    public async Task<IActionResult> OnPostSaveAsync(Guid? id, CancellationToken cancellationToken)
    {
        var outcome = await RolesEndpoints.SaveAsync(db, id, new RoleInput(Form.Name, Form.Description, Form.Permissions), cancellationToken);
        return await AfterAsync(outcome.Result, id ?? Guid.Empty, "name", texts["SavedRole", Form.Name?.Trim() ?? ""].Value, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await RolesEndpoints.DeleteAsync(id, db, cancellationToken);
        return await AfterAsync(outcome.Result, id, "role", texts["DeletedRole"].Value, cancellationToken);
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid id, Guid? personId, CancellationToken cancellationToken)
    {
        if (personId is null)
        {
            return await AfterAsync(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["person"] = [texts["ChoosePerson"].Value] }), id, "person", "", cancellationToken);
        }

        var outcome = await RolesEndpoints.AssignAsync(id, personId.Value, db, directory, tenant, cancellationToken);
        return await AfterAsync(outcome.Result, id, "person", texts["AssignedRole"].Value, cancellationToken);
    }

    public async Task<IActionResult> OnPostUnassignAsync(Guid id, Guid personId, CancellationToken cancellationToken)
    {
        var outcome = await RolesEndpoints.UnassignAsync(id, personId, db, cancellationToken);
        return await AfterAsync(outcome.Result, id, "person", texts["UnassignedRole"].Value, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(IResult result, Guid roleId, string problemField, string done, CancellationToken cancellationToken)
    {
        if (Errors.AddOutcome(result, problemField))
        {
            Refused = roleId;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Done = done;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Roles = (await RolesEndpoints.ListAsync(db, cancellationToken)).Value ?? [];
        People = ((await OrgTreeEndpoints.ListPeopleAsync(db, catalog, tenant, cancellationToken)).Value ?? []).OrderBy(p => p.Email).ToList();
    }
}
