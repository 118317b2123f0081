using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>Where our provider differs from OpenIddict's defaults, as handlers in its pipeline.</summary>
public static class ProviderEvents
{
    /// <summary>
    /// A client's own access token (client credentials) gets no token row: there is nothing to revoke it by but the
    /// client itself, whose removal ends its tokens (<see cref="BearerTokenAuthentication"/>), and a row per token would
    /// make every token a database write.
    /// </summary>
    public sealed class SkipClientCredentialsTokenEntries : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SkipClientCredentialsTokenEntries>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(GenerateTokenContext context)
        {
            if (context.TokenType == TokenTypeIdentifiers.AccessToken && context.Request?.IsClientCredentialsGrantType() == true)
            {
                context.CreateTokenEntry = false;
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// RFC 7009 §2.1: revoking a refresh token also ends the access tokens of the same grant. OpenIddict revokes the one
    /// token; this revokes every code, refresh and access token issued from the same sign-in. Its ID tokens stay valid, so
    /// they still name the person to sign out (RP-initiated logout's <c>id_token_hint</c>).
    /// </summary>
    public sealed class RevokeTheSignInOfARefreshToken(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<HandleRevocationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokeTheSignInOfARefreshToken>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleRevocationRequestContext context)
        {
            if (context.GenericTokenPrincipal is { } token && token.GetTokenType() == TokenTypeIdentifiers.RefreshToken
                && token.GetAuthorizationId() is { Length: > 0 } authorizationId)
            {
                await foreach (var issued in tokens.FindByAuthorizationIdAsync(authorizationId, context.CancellationToken))
                {
                    if (await tokens.GetTypeAsync(issued, context.CancellationToken) != TokenTypeIdentifiers.IdentityToken
                        && await tokens.HasStatusAsync(issued, Statuses.Valid, context.CancellationToken))
                    {
                        await tokens.TryRevokeAsync(issued, context.CancellationToken);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The form_post answer (OAuth 2.0 Form Post Response Mode) submits itself with one inline script: our pages' CSP
    /// would block it, so this answer allows exactly that script and a post to the client's (registered) address.
    /// </summary>
    public sealed class FormPostContentSecurityPolicy : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
    {
        private static readonly string ScriptHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("document.form.submit();")));

        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<FormPostContentSecurityPolicy>()
            .SetOrder(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers.Authentication.ProcessFormPostResponse.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
        {
            if (context.ResponseMode == ResponseModes.FormPost && Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var target)
                && context.Transaction.GetHttpRequest() is { } request)
            {
                request.HttpContext.Response.Headers.ContentSecurityPolicy =
                    $"default-src 'none'; script-src 'sha256-{ScriptHash}'; form-action {target.GetLeftPart(UriPartial.Authority)}";
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// OpenIddict shows every refused authorization request on a page of its own; RFC 6749 §4.1.2.1 answers the client
    /// at its redirect URI whenever that URI is registered for it, which is what clients expect (an unsupported
    /// response type, a missing PKCE challenge, a scope it may not ask for). Only an unknown client or an unregistered
    /// redirect URI stays on our page (<see cref="AuthorizationErrorPage"/>).
    /// </summary>
    public sealed class RedirectErrorsToRegisteredUris(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseScopedHandler<RedirectErrorsToRegisteredUris>()
            .SetOrder(OpenIddictServerHandlers.Authentication.InferResponseMode.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
        {
            if (!string.IsNullOrEmpty(context.RedirectUri) || context.Response.Error is null
                || context.Request is not { ClientId: { Length: > 0 } clientId, RedirectUri: { Length: > 0 } redirectUri })
            {
                return;
            }

            if (await applications.FindByClientIdAsync(clientId) is { } client && await applications.ValidateRedirectUriAsync(client, redirectUri))
            {
                context.RedirectUri = redirectUri;
                // The mode asked for if it is one of ours, else the query, as for the code flow.
                context.ResponseMode ??= context.Request.ResponseMode == ResponseModes.FormPost ? ResponseModes.FormPost : ResponseModes.Query;
            }
        }
    }

    /// <summary>
    /// An authorization request that cannot be answered at the client (unknown client, unregistered redirect URI) is
    /// answered to the person with a page of ours, in their language; never redirected (OpenID Connect Core §3.1.2.6).
    /// </summary>
    public sealed class AuthorizationErrorPage : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<AuthorizationErrorPage>()
            .SetOrder(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers.ProcessLocalErrorResponse<ApplyAuthorizationResponseContext>.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
        {
            if (!string.IsNullOrEmpty(context.RedirectUri) || context.Response.Error is null || context.Transaction.GetHttpRequest() is not { } request)
            {
                return;
            }

            var texts = Localization.Texts<IdentityTexts>();
            var title = WebUtility.HtmlEncode(texts["SignInErrorTitle"]);
            var message = context.Response.Error == Errors.InvalidClient || context.Response.ErrorDescription?.Contains("client_id", StringComparison.Ordinal) == true
                ? texts["UnknownApplication"]
                : texts["UnregisteredReturnAddress"];
            var response = request.HttpContext.Response;
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            await response.WriteAsync(
                $"<!doctype html><html lang=\"{Localization.CurrentLanguage}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>",
                request.HttpContext.RequestAborted);
            context.HandleRequest();
        }
    }

    /// <summary>
    /// Error answers as RFC 6749 names them where OpenIddict differs: a scope the client is not registered for is
    /// <c>invalid_scope</c> (§4.1.2.1, §5.2; OpenIddict: <c>invalid_request</c>, ID2051), and a code or refresh token
    /// that is no longer valid says why it may be (OpenIddict: "no longer valid" for an expired and a revoked one alike).
    /// </summary>
    public sealed class StandardErrors : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>, IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor ForAuthorization { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<StandardErrors>().SetOrder(int.MinValue + 50_000).SetType(OpenIddictServerHandlerType.Custom).Build();

        public static OpenIddictServerHandlerDescriptor ForToken { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<StandardErrors>()
            .SetOrder(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<ApplyTokenResponseContext>.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom).Build();

        public ValueTask HandleAsync(ApplyAuthorizationResponseContext context) => Standardize(context.Response);

        public ValueTask HandleAsync(ApplyTokenResponseContext context) => Standardize(context.Response);

        private static ValueTask Standardize(OpenIddictResponse response)
        {
            if (response.Error == Errors.InvalidRequest && response.ErrorUri?.EndsWith("ID2051", StringComparison.Ordinal) == true)
            {
                response.Error = Errors.InvalidScope;
            }
            else if (response.Error == Errors.InvalidGrant && response.ErrorDescription is { } description
                && description.Contains("no longer valid", StringComparison.Ordinal))
            {
                response.ErrorDescription = description.TrimEnd('.') + ": it has expired or was revoked.";
            }

            return ValueTask.CompletedTask;
        }
    }
}
