using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Consent;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// <c>GET|POST /connect/authorize</c> after OpenIddict checked the request (client, exact redirect URI, scopes, PKCE):
/// sends the person to sign in, to choose a tenant or to consent when needed, then has OpenIddict answer the client
/// with a code for that person and tenant.
/// </summary>
public sealed class AuthorizeEndpoint(
    IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations, PersonDirectory people, ConsentStore consents,
    IOptions<IdentityProviderOptions> options, TimeProvider time)
{
    /// <summary>Our consent page's answer when the person declined.</summary>
    public const string ConsentParameter = "consent";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed no authorization request on.");
        var client = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken) as OidcApplication
            ?? throw new InvalidOperationException("OpenIddict passed on a request of an unknown client.");
        var prompts = request.GetPromptValues();
        var authenticated = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var session = authenticated.Succeeded ? AccountSession.Read(authenticated.Principal) : null;
        var now = time.GetUtcNow().UtcDateTime;
        // OpenIddict has checked the id_token_hint is one of our ID tokens; its subject must be the person signed in here.
        var hintedSubject = request.IdTokenHint is null
            ? null
            : (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal?.GetClaim(Claims.Subject);

        var mustSignIn = session is null
            || prompts.Contains(PromptValues.Login)
            || (request.MaxAge is { } maxAge && now - session.AuthenticatedAt > TimeSpan.FromSeconds(maxAge))
            || (hintedSubject is not null && hintedSubject != session.UserId.ToString());
        if (mustSignIn)
        {
            if (prompts.Contains(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The person is not signed in.");
            }

            return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + "/account/login", new Dictionary<string, string?>
            {
                ["returnUrl"] = ReturnUrl(context, request, new() { [Parameters.Prompt] = Without(prompts, PromptValues.Login) }),
                ["login_hint"] = request.LoginHint,
                ["ui_locales"] = request.UiLocales,
            }));
        }

        var person = await people.FindAsync(session!.UserId, cancellationToken);
        if (person is null)
        {
            return Refuse(Errors.LoginRequired, "The person no longer exists.");
        }

        var tenantHint = request.GetAcrValues().FirstOrDefault(v => v.StartsWith("tenant:", StringComparison.Ordinal))?["tenant:".Length..];
        // A client registered for a tenant gets tokens for that tenant only, whatever the session or a hint say.
        string? tenant;
        var mustChoose = false;
        if (client.TenantId is { } boundTo)
        {
            tenant = person.Tenants.FirstOrDefault(t => t.Id == boundTo)?.Slug;
            if (tenant is null)
            {
                return Refuse(Errors.AccessDenied, "The client works for a tenant the person does not work for.");
            }
        }
        else
        {
            tenant = ChooseTenant(person, session, tenantHint, prompts.Contains(PromptValues.SelectAccount), out mustChoose);
        }

        if (mustChoose)
        {
            if (prompts.Contains(PromptValues.None))
            {
                return Refuse(Errors.AccountSelectionRequired, "The person must choose the tenant to work for.");
            }

            return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + "/account/tenant", new Dictionary<string, string?>
            {
                ["returnUrl"] = ReturnUrl(context, request, new()
                {
                    [Parameters.Prompt] = Without(prompts, PromptValues.SelectAccount),
                    [Parameters.AcrValues] = null,
                }),
                ["ui_locales"] = request.UiLocales,
                ["refused"] = tenantHint is { } hint && person.Find(hint) is null ? hint : null,
            }));
        }

        if (tenant is null && !person.IsPlatformOperator)
        {
            return Refuse(Errors.AccessDenied, "The person works for no tenant.");
        }

        // Every client but our own asks the person once per tenant and scope set.
        var scopes = request.GetScopes();
        if (!client.IsFirstParty && !await consents.CoversAsync(person.Id, client.ClientId!, tenant ?? "", scopes, cancellationToken))
        {
            if ((string?)request.GetParameter(ConsentParameter) == "denied")
            {
                return Refuse(Errors.AccessDenied, "The person did not consent.");
            }

            if (prompts.Contains(PromptValues.None))
            {
                return Refuse(Errors.ConsentRequired, "The person has not consented to this client and these scopes.");
            }

            return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + ConsentModel.Route, new Dictionary<string, string?>
            {
                // Back from the consent page, the person is not asked to sign in or choose the tenant again.
                ["returnUrl"] = ReturnUrl(context, request, new()
                {
                    [Parameters.Prompt] = string.Join(' ', prompts.Where(p => p is not (PromptValues.Login or PromptValues.SelectAccount))) is { Length: > 0 } rest ? rest : null,
                }),
                ["tenant"] = tenant,
                ["ui_locales"] = request.UiLocales,
            }));
        }

        // One authorization per sign-in: every token of it is revoked with it (reuse, password reset, withdrawn consent).
        var authorization = new OidcAuthorization { Tenant = tenant };
        var descriptor = new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(client, cancellationToken),
            Subject = person.Id.ToString(),
            Status = Statuses.Valid,
            Type = AuthorizationTypes.AdHoc,
            CreationDate = now,
        };
        descriptor.Scopes.UnionWith(scopes);
        await authorizations.PopulateAsync(authorization, descriptor, cancellationToken);
        await authorizations.CreateAsync(authorization, cancellationToken);

        var principal = TokenPrincipals.ForPerson(person, tenant, scopes, options.Value.ApiAudience, session.AuthenticatedAt, session.AuthenticationMethods, now);
        principal.SetAuthorizationId(authorization.Id.ToString());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>An error for the client, at its redirect URI (with <c>state</c> and <c>iss</c>).</summary>
    public static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>
    /// The tenant for the tokens: a hinted tenant the person works for; else the session's choice while it is
    /// still valid; else their only tenant. Otherwise (or with prompt=select_account) the person must choose.
    /// </summary>
    private static string? ChooseTenant(Person person, SessionInfo session, string? hint, bool selectAccount, out bool mustChoose)
    {
        mustChoose = false;
        if (hint is not null)
        {
            if (person.Find(hint) is not null)
            {
                return hint;
            }

            mustChoose = true;
            return null;
        }

        if (selectAccount && person.Tenants.Count > 0)
        {
            mustChoose = true;
            return null;
        }

        if (session.Tenant is { } chosen
            && (chosen == ProviderClaims.AllTenants ? person.MaySignInForAllTenants : person.Find(chosen) is not null))
        {
            return chosen;
        }

        switch (person.Tenants.Count)
        {
            case 0:
                return null;
            case 1:
                return person.Tenants[0].Slug;
            default:
                mustChoose = true;
                return null;
        }
    }

    /// <summary>The same authorization request as a local URL, some parameters changed or removed (null), to come back to after a page of ours.</summary>
    private static string ReturnUrl(HttpContext context, OpenIddictRequest request, Dictionary<string, string?> changes)
    {
        var parameters = request.GetParameters().ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            parameters[name] = value;
        }

        return QueryHelpers.AddQueryString(context.Request.PathBase + IdentityProviderFeature.AuthorizePath,
            parameters.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    private static string? Without(IEnumerable<string> prompts, string value) =>
        prompts.Where(p => p != value).ToArray() is { Length: > 0 } rest ? string.Join(' ', rest) : null;
}
