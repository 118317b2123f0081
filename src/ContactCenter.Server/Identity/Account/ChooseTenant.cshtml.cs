using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.Account;

/// <summary>
/// Choose (or later switch) the tenant to work for, or all of them when every one allows it; no password is
/// asked again. The choice is kept in the sign-in cookie and used by the next authorization. The tenant of the
/// page the person asked for (<c>returnUrl</c> under <c>/t/&lt;slug&gt;/</c>) comes first and is chosen by Enter.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class ChooseTenantModel(PersonDirectory people, UserManager<PlatformUser> users, AccountSession session, IStringLocalizer<IdentityTexts> texts) : PageModel
{
    public Person Person { get; private set; } = null!;

    /// <summary>The person's tenants, the one the return address names first.</summary>
    public IReadOnlyList<PersonTenant> Tenants { get; private set; } = [];

    public string? Current { get; private set; }

    /// <summary>The slug of the tenant the return address leads to, when the person works for it.</summary>
    public string? Preselected { get; private set; }

    public string? ReturnUrl { get; private set; }

    public string? UiLocales { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, [FromQuery(Name = "ui_locales")] string? uiLocales, string? refused, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(returnUrl, uiLocales, cancellationToken) is { } problem)
        {
            return problem;
        }

        if (refused is not null)
        {
            Message = texts["NotMember", refused];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? tenant, string? returnUrl, string? uiLocales, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(returnUrl, uiLocales, cancellationToken) is { } problem)
        {
            return problem;
        }

        if (tenant == ProviderClaims.AllTenants ? !Person.MaySignInForAllTenants : tenant is null || Person.Find(tenant) is null)
        {
            Message = tenant == ProviderClaims.AllTenants ? texts["AllNotAllowed"] : texts["NotMember", tenant ?? ""];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = await users.FindByIdAsync(Person.Id.ToString());
        var current = AccountSession.Read(User);
        if (user is null || current is null)
        {
            return Challenge();
        }

        await session.SwitchTenantAsync(user, current, tenant);
        // A page of another tenant than the chosen one would only be refused: go to the chosen tenant's home instead.
        if (ReturnUrl is not null && (TenantOf(ReturnUrl) is not { } wanted || wanted == tenant || tenant == ProviderClaims.AllTenants))
        {
            return LocalRedirect(ReturnUrl);
        }

        return LocalRedirect(tenant == ProviderClaims.AllTenants ? "~/" : $"~/t/{tenant}/");
    }

    /// <summary>The tenant a local address leads to: <c>/t/&lt;slug&gt;/…</c>, else null.</summary>
    public static string? TenantOf(string? localUrl)
    {
        if (string.IsNullOrEmpty(localUrl) || !localUrl.StartsWith("/t/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = localUrl[3..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var slug = end < 0 ? rest : rest[..end];
        return slug.Length == 0 ? null : slug.ToLowerInvariant();
    }

    private async Task<IActionResult?> PrepareAsync(string? returnUrl, string? uiLocales, CancellationToken cancellationToken)
    {
        UiLocales = uiLocales;
        ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        var current = AccountSession.Read(User);
        var person = current is null ? null : await people.FindAsync(current.UserId, cancellationToken);
        if (person is null)
        {
            return Challenge();
        }

        Person = person;
        Current = current!.Tenant;
        Preselected = TenantOf(ReturnUrl) is { } wanted && person.Find(wanted) is not null ? wanted : null;
        Tenants = [.. person.Tenants.OrderBy(t => t.Slug == Preselected ? 0 : 1)];
        return null;
    }
}
