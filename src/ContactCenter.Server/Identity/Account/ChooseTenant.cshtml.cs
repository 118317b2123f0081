using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContactCenter.Server.Identity.Account;

/// <summary>
/// Choose (or later switch) the tenant to work for, or all of them when every one allows it; no password is
/// asked again. The choice is kept in the sign-in cookie and used by the next authorization.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class ChooseTenantModel(PersonDirectory people, UserManager<PlatformUser> users, AccountSession session) : PageModel
{
    public AccountTexts T { get; private set; } = null!;

    public Person Person { get; private set; } = null!;

    public string? Current { get; private set; }

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
            Message = T.Format("NotMember", refused);
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
            Message = tenant == ProviderClaims.AllTenants ? T["AllNotAllowed"] : T.Format("NotMember", tenant ?? "");
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
        if (ReturnUrl is not null)
        {
            return LocalRedirect(ReturnUrl);
        }

        return LocalRedirect(tenant == ProviderClaims.AllTenants ? "~/" : $"~/t/{tenant}/");
    }

    private async Task<IActionResult?> PrepareAsync(string? returnUrl, string? uiLocales, CancellationToken cancellationToken)
    {
        T = AccountTexts.For(Request, uiLocales);
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
        return null;
    }
}
