using Microsoft.AspNetCore;
using System.Security.Cryptography;
using System.Text;
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
    /// The form_post answer (OAuth 2.0 Form Post Response Mode) submits itself with one inline script: our pages' CSP
    /// would block it, so this answer allows exactly that script and a post to the client's (registered) address.
    /// </summary>
    public sealed class FormPostContentSecurityPolicy : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
    {
        private static readonly string ScriptHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("document.form.submit();")));

        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<FormPostContentSecurityPolicy>()
            .SetOrder(int.MinValue + 50_000)
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
    /// A code or refresh token that is no longer valid says why it may be (OpenIddict says "no longer valid" for an
    /// expired one and a revoked one alike, ID2016 and ID2018).
    /// </summary>
    public sealed class ExplainExpiredGrants : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<ExplainExpiredGrants>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Response.Error == Errors.InvalidGrant && context.Response.ErrorUri is { } uri
                && (uri.EndsWith("ID2016", StringComparison.Ordinal) || uri.EndsWith("ID2018", StringComparison.Ordinal)))
            {
                context.Response.ErrorDescription = (uri.EndsWith("ID2016", StringComparison.Ordinal) ? "The authorization code" : "The refresh token")
                    + " is no longer valid: it has expired or was revoked.";
            }

            return ValueTask.CompletedTask;
        }
    }
}
