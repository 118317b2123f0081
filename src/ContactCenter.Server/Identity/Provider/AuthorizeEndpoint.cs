using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Consent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// <c>GET|POST /connect/authorize</c>: the authorization code flow (OpenID Connect Core §3.1.2). Sends the
/// person to sign in or to choose a tenant when needed, then returns a single-use code to the client's
/// registered redirect URI (exact match), by query or form_post.
/// </summary>
public sealed class AuthorizeEndpoint(
    ClientStore clients, PersonDirectory people, GrantStore grants, ConsentStore consents, IdentityTokenHints hints, IOptions<IdentityProviderOptions> options,
    TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var request = HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
            ? AuthorizationRequest.From(await context.Request.ReadFormAsync(cancellationToken))
            : AuthorizationRequest.From(context.Request.Query);

        // Until client and redirect URI are known to be good, errors are shown, never redirected (§3.1.2.6).
        var client = request.ClientId is null ? null : await clients.FindAsync(request.ClientId, cancellationToken);
        if (client is null)
        {
            return ErrorPage("UnknownApplication");
        }

        if (request.RedirectUri is null || !client.RedirectUris.Contains(request.RedirectUri, StringComparer.Ordinal))
        {
            return ErrorPage("UnregisteredReturnAddress");
        }

        var issuer = IdentityProviderFeature.IssuerFor(context);
        var reply = new Reply(request, issuer);
        if (request.Repeated.Count > 0)
        {
            return reply.Error("invalid_request", $"Parameters must not be repeated: {string.Join(", ", request.Repeated)}.");
        }

        // Core §6: request objects are not supported, and saying so beats silently ignoring their parameters.
        if (request.HasRequestObject)
        {
            return reply.Error("request_not_supported", "Request objects are not supported; send the parameters directly.");
        }

        if (request.HasRequestUri)
        {
            return reply.Error("request_uri_not_supported", "request_uri is not supported; send the parameters directly.");
        }

        if (request.ResponseMode is not ("query" or "form_post"))
        {
            return reply.Error("invalid_request", "response_mode must be query or form_post.");
        }

        if (request.ResponseType != "code")
        {
            return reply.Error("unsupported_response_type", "Only the authorization code flow (response_type=code) is supported.");
        }

        if (!client.GrantTypes.Contains("authorization_code"))
        {
            return reply.Error("unauthorized_client", "The client may not use the authorization code flow.");
        }

        if (request.Scopes.Except(client.Scopes).FirstOrDefault() is { } scope)
        {
            return reply.Error("invalid_scope", $"The client may not ask for the scope '{scope}'.");
        }

        if (request.CodeChallengeMethod is { } method && method != "S256")
        {
            return reply.Error("invalid_request", "code_challenge_method must be S256.");
        }

        // PKCE for every client, confidential ones too (OAuth 2.0 Security BCP §2.1.1).
        if (request.CodeChallenge is not { Length: 43 } || request.CodeChallengeMethod is null)
        {
            return reply.Error("invalid_request", "A code_challenge (PKCE, S256, 43 characters) is required.");
        }

        if (request.Prompt.Contains("none") && request.Prompt.Length > 1)
        {
            return reply.Error("invalid_request", "prompt=none cannot be combined with other values.");
        }

        if (request.MaxAge is < 0)
        {
            return reply.Error("invalid_request", "max_age must be a number of seconds.");
        }

        var authenticated = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var session = authenticated.Succeeded ? AccountSession.Read(authenticated.Principal) : null;
        var now = time.GetUtcNow().UtcDateTime;
        var hintedSubject = request.IdTokenHint is null ? null : await hints.SubjectOfAsync(issuer, request.IdTokenHint, cancellationToken);
        if (request.IdTokenHint is not null && hintedSubject is null)
        {
            return reply.Error("invalid_request", "id_token_hint is not an ID token of this provider.");
        }

        var mustSignIn = session is null
            || request.Prompt.Contains("login")
            || (request.MaxAge is { } maxAge && now - session.AuthenticatedAt > TimeSpan.FromSeconds(maxAge))
            || (hintedSubject is not null && hintedSubject != session.UserId.ToString());
        if (mustSignIn)
        {
            if (request.Prompt.Contains("none"))
            {
                return reply.Error("login_required", "The person is not signed in.");
            }

            var returnUrl = request.ToLocalUrl(context.Request.PathBase, new Dictionary<string, string?> { ["prompt"] = request.PromptWithout("login") });
            var login = QueryHelpers.AddQueryString(context.Request.PathBase + "/account/login", new Dictionary<string, string?>
            {
                ["returnUrl"] = returnUrl,
                ["login_hint"] = request.LoginHint,
                ["ui_locales"] = request.UiLocales,
            });
            return Results.Redirect(login);
        }

        var person = await people.FindAsync(session!.UserId, cancellationToken);
        if (person is null)
        {
            return reply.Error("login_required", "The person no longer exists.");
        }

        // A client registered for a tenant gets tokens for that tenant only, whatever the session or a hint say.
        string? tenant;
        var mustChoose = false;
        if (client.TenantId is { } boundTo)
        {
            tenant = person.Tenants.FirstOrDefault(t => t.Id == boundTo)?.Slug;
            if (tenant is null)
            {
                return reply.Error("access_denied", "The client works for a tenant the person does not work for.");
            }
        }
        else
        {
            tenant = ChooseTenant(person, session, request, out mustChoose);
        }

        if (mustChoose)
        {
            if (request.Prompt.Contains("none"))
            {
                return reply.Error("account_selection_required", "The person must choose the tenant to work for.");
            }

            var returnUrl = request.ToLocalUrl(context.Request.PathBase, new Dictionary<string, string?>
            {
                ["prompt"] = request.PromptWithout("select_account"),
                ["acr_values"] = null,
            });
            return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + "/account/tenant", new Dictionary<string, string?>
            {
                ["returnUrl"] = returnUrl,
                ["ui_locales"] = request.UiLocales,
                ["refused"] = request.TenantHint is { } hint && person.Find(hint) is null ? hint : null,
            }));
        }

        if (tenant is null && !person.IsPlatformOperator)
        {
            return reply.Error("access_denied", "The person works for no tenant.");
        }

        // Every client but our own asks the person once per tenant and scope set.
        if (!client.IsFirstParty && !await consents.CoversAsync(person.Id, client.ClientId, tenant ?? "", request.Scopes, cancellationToken))
        {
            if (request.ConsentDenied)
            {
                return reply.Error("access_denied", "The person did not consent.");
            }

            if (request.Prompt.Contains("none"))
            {
                return reply.Error("consent_required", "The person has not consented to this client and these scopes.");
            }

            return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + ConsentModel.Route, new Dictionary<string, string?>
            {
                // Back from the consent page, the person is not asked to sign in or choose the tenant again.
                ["returnUrl"] = request.ToLocalUrl(context.Request.PathBase, new Dictionary<string, string?>
                {
                    ["prompt"] = string.Join(' ', request.Prompt.Where(p => p is not ("login" or "select_account"))) is { Length: > 0 } rest ? rest : null,
                }),
                ["tenant"] = tenant,
                ["ui_locales"] = request.UiLocales,
            }));
        }

        var code = await grants.IssueAsync(new OidcGrant
        {
            Kind = OidcGrantKind.AuthorizationCode,
            Handle = "",
            ChainId = Guid.CreateVersion7(),
            ClientId = client.ClientId,
            UserId = person.Id,
            Tenant = tenant,
            Scopes = string.Join(' ', request.Scopes),
            RedirectUri = request.RedirectUri,
            Nonce = request.Nonce,
            CodeChallenge = request.CodeChallenge,
            AuthenticatedAt = session.AuthenticatedAt,
            AuthenticationMethods = session.AuthenticationMethods,
            ExpiresAt = now + options.Value.AuthorizationCodeLifetime,
        }, cancellationToken);
        return reply.Success(code);
    }

    /// <summary>
    /// The tenant for the tokens: a hinted tenant the person works for; else the session's choice while it is
    /// still valid; else their only tenant. Otherwise (or with prompt=select_account) the person must choose.
    /// </summary>
    private static string? ChooseTenant(Person person, SessionInfo session, AuthorizationRequest request, out bool mustChoose)
    {
        mustChoose = false;
        if (request.TenantHint is { } hint)
        {
            if (person.Find(hint) is not null)
            {
                return hint;
            }

            mustChoose = true;
            return null;
        }

        if (request.Prompt.Contains("select_account") && person.Tenants.Count > 0)
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

    /// <summary>A page for the person when the client cannot be told (no trustworthy redirect URI), in the request's language.</summary>
    private static IResult ErrorPage(string messageKey)
    {
        var texts = Localization.Texts<IdentityTexts>();
        var title = WebUtility.HtmlEncode(texts["SignInErrorTitle"]);
        return Results.Content(
            $"<!doctype html><html lang=\"{Localization.CurrentLanguage}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{WebUtility.HtmlEncode(texts[messageKey])}</p></body></html>",
            "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);
    }

    /// <summary>Answers to the client's redirect URI, with <c>state</c> and <c>iss</c> (RFC 9207).</summary>
    private sealed class Reply(AuthorizationRequest request, string issuer)
    {
        public IResult Success(string code) => Send(new Dictionary<string, string?> { ["code"] = code });

        public IResult Error(string error, string description) =>
            Send(new Dictionary<string, string?> { ["error"] = error, ["error_description"] = description });

        private IResult Send(Dictionary<string, string?> parameters)
        {
            parameters["state"] = request.State;
            parameters["iss"] = issuer;
            if (request.ResponseMode == "form_post")
            {
                return new FormPost(request.RedirectUri!, parameters);
            }

            return Results.Redirect(QueryHelpers.AddQueryString(request.RedirectUri!, parameters));
        }
    }

    /// <summary>OAuth 2.0 Form Post Response Mode: an auto-submitting form, its script allowed by a nonce.</summary>
    private sealed class FormPost(string action, Dictionary<string, string?> parameters) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
            var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Continue</title></head><body>");
            html.Append("<form method=\"post\" action=\"").Append(WebUtility.HtmlEncode(action)).Append("\">");
            foreach (var (name, value) in parameters.Where(p => p.Value is not null))
            {
                html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name))
                    .Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
            }

            html.Append("<noscript><button type=\"submit\">Continue</button></noscript></form>")
                .Append("<script nonce=\"").Append(nonce).Append("\">document.forms[0].submit();</script></body></html>");
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.ContentSecurityPolicy = $"default-src 'none'; script-src 'nonce-{nonce}'; form-action {FormActionSource(action)}";
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            await httpContext.Response.WriteAsync(html.ToString(), httpContext.RequestAborted);
        }

        private static string FormActionSource(string action) =>
            Uri.TryCreate(action, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "'self'";
    }
}
