using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// <c>POST /connect/token</c> (RFC 6749 §3.2): <c>authorization_code</c> with PKCE (RFC 7636),
/// <c>refresh_token</c> with rotation, <c>client_credentials</c>.
/// </summary>
public sealed class TokenEndpoint(
    ClientAuthentication clientAuthentication,
    GrantStore grants,
    PersonDirectory people,
    TenantStore tenants,
    TokenFactory tokens,
    IOptions<IdentityProviderOptions> options,
    TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (!context.Request.HasFormContentType)
        {
            return OAuthResults.Error("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var authenticated = await clientAuthentication.AuthenticateAsync(context.Request, form, cancellationToken);
        if (authenticated.Client is not { } client)
        {
            if (authenticated.Error == "invalid_client" && authenticated.UsedBasic)
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"ContactCenter\"";
            }

            return OAuthResults.Error(authenticated.Error!, authenticated.Description!,
                authenticated.Error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
        }

        var grantType = ClientAuthentication.Parameter(form, "grant_type");
        if (grantType is null)
        {
            return OAuthResults.Error("invalid_request", "grant_type is missing or repeated.");
        }

        if (!client.GrantTypes.Contains(grantType))
        {
            return OAuthResults.Error(
                grantType is "authorization_code" or "refresh_token" or "client_credentials" ? "unauthorized_client" : "unsupported_grant_type",
                $"The client may not use the grant type '{grantType}'.");
        }

        var issuer = IdentityProviderFeature.IssuerFor(context);
        try
        {
            return grantType switch
            {
                "authorization_code" => await ExchangeCodeAsync(issuer, client, form, cancellationToken),
                "refresh_token" => await RefreshAsync(issuer, client, form, cancellationToken),
                "client_credentials" => await ClientCredentialsAsync(issuer, client, form, cancellationToken),
                _ => OAuthResults.Error("unsupported_grant_type", $"The grant type '{grantType}' is not supported."),
            };
        }
        catch (InvalidGrantException invalid)
        {
            return OAuthResults.Error("invalid_grant", invalid.Message);
        }
    }

    private async Task<IResult> ExchangeCodeAsync(string issuer, OidcClient client, IFormCollection form, CancellationToken cancellationToken)
    {
        var code = ClientAuthentication.Parameter(form, "code");
        if (string.IsNullOrEmpty(code))
        {
            return OAuthResults.Error("invalid_request", "code is missing.");
        }

        var grant = await grants.RedeemAsync(code, OidcGrantKind.AuthorizationCode, client.ClientId, cancellationToken);
        // RFC 6749 §4.1.3: the same redirect_uri as in the authorization request.
        if (ClientAuthentication.Parameter(form, "redirect_uri") != grant.RedirectUri)
        {
            await grants.RevokeChainAsync(grant.ChainId, cancellationToken);
            throw new InvalidGrantException("redirect_uri does not match the authorization request.");
        }

        var verifier = ClientAuthentication.Parameter(form, "code_verifier");
        if (!PkceMatches(grant.CodeChallenge, verifier))
        {
            await grants.RevokeChainAsync(grant.ChainId, cancellationToken);
            throw new InvalidGrantException(grant.CodeChallenge is null
                ? "code_verifier was sent, but the authorization request had no code_challenge."
                : "code_verifier is missing or does not match the code_challenge.");
        }

        return await IssueForPersonAsync(issuer, client, grant, grant.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), withIdentityToken: true, cancellationToken);
    }

    private async Task<IResult> RefreshAsync(string issuer, OidcClient client, IFormCollection form, CancellationToken cancellationToken)
    {
        var handle = ClientAuthentication.Parameter(form, "refresh_token");
        if (string.IsNullOrEmpty(handle))
        {
            return OAuthResults.Error("invalid_request", "refresh_token is missing.");
        }

        var grant = await grants.RedeemAsync(handle, OidcGrantKind.RefreshToken, client.ClientId, cancellationToken);
        var granted = grant.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var requested = ClientAuthentication.Parameter(form, "scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? granted;
        // RFC 6749 §6: a refresh may narrow the scope, never widen it.
        if (requested.Except(granted).FirstOrDefault() is { } extra)
        {
            return OAuthResults.Error("invalid_scope", $"The scope '{extra}' was not granted originally.");
        }

        return await IssueForPersonAsync(issuer, client, grant, requested, withIdentityToken: requested.Contains("openid"), cancellationToken);
    }

    private async Task<IResult> IssueForPersonAsync(
        string issuer, OidcClient client, OidcGrant grant, IReadOnlyCollection<string> scopes, bool withIdentityToken, CancellationToken cancellationToken)
    {
        var person = grant.UserId is { } userId ? await people.FindAsync(userId, cancellationToken) : null;
        if (person is null)
        {
            throw new InvalidGrantException("The person no longer exists.");
        }

        // Memberships are read again, so a person removed from a tenant gets no new token for it.
        if (grant.Tenant is { } tenant && tenant != ProviderClaims.AllTenants && person.Find(tenant) is null)
        {
            throw new InvalidGrantException($"The person no longer works for tenant '{tenant}'.");
        }

        if (grant.Tenant == ProviderClaims.AllTenants && !person.MaySignInForAllTenants)
        {
            throw new InvalidGrantException("Signing in for all tenants is no longer allowed.");
        }

        var subject = new TokenSubject(client.ClientId, scopes, person, grant.Tenant, grant.ChainId,
            grant.AuthenticatedAt, grant.AuthenticationMethods, grant.Kind == OidcGrantKind.AuthorizationCode ? grant.Nonce : null);
        var accessToken = await tokens.CreateAccessTokenAsync(issuer, subject, cancellationToken);
        var response = new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)options.Value.AccessTokenLifetime.TotalSeconds,
            ["scope"] = string.Join(' ', scopes),
        };
        if (withIdentityToken && scopes.Contains("openid"))
        {
            response["id_token"] = await tokens.CreateIdentityTokenAsync(issuer, subject, accessToken, cancellationToken);
        }

        // The sliding lifetime of one token, never past the absolute end of the whole chain.
        var now = time.GetUtcNow().UtcDateTime;
        var chainEnds = await grants.ChainStartedAtAsync(grant.ChainId, cancellationToken) + options.Value.RefreshTokenAbsoluteLifetime;
        if (client.GrantTypes.Contains("refresh_token") && chainEnds > now)
        {
            var slidingEnd = now + options.Value.RefreshTokenLifetime;
            response["refresh_token"] = await grants.IssueAsync(new OidcGrant
            {
                Kind = OidcGrantKind.RefreshToken,
                Handle = "",
                ChainId = grant.ChainId,
                ClientId = client.ClientId,
                UserId = person.Id,
                Tenant = grant.Tenant,
                Scopes = grant.Scopes,
                AuthenticatedAt = grant.AuthenticatedAt,
                AuthenticationMethods = grant.AuthenticationMethods,
                ExpiresAt = slidingEnd < chainEnds ? slidingEnd : chainEnds,
            }, cancellationToken);
        }

        return OAuthResults.Json(response);
    }

    private async Task<IResult> ClientCredentialsAsync(string issuer, OidcClient client, IFormCollection form, CancellationToken cancellationToken)
    {
        if (client.IsPublic)
        {
            return OAuthResults.Error("unauthorized_client", "A public client cannot use client_credentials.");
        }

        var requested = ClientAuthentication.Parameter(form, "scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? client.Scopes.ToArray();
        if (requested.Except(client.Scopes).FirstOrDefault() is { } extra)
        {
            return OAuthResults.Error("invalid_scope", $"The client may not ask for the scope '{extra}'.");
        }

        string? tenant = null;
        if (client.TenantId is { } tenantId)
        {
            var record = await tenants.FindByIdAsync(tenantId, cancellationToken);
            if (record is null || record.Status != TenantStatus.Active)
            {
                return OAuthResults.Error("unauthorized_client", "The client's tenant is not active.");
            }

            tenant = record.Slug;
        }

        var subject = new TokenSubject(client.ClientId, requested, null, tenant, Guid.CreateVersion7(), ClientRole: client.TenantId is null ? null : client.Role);
        return OAuthResults.Json(new Dictionary<string, object>
        {
            ["access_token"] = await tokens.CreateAccessTokenAsync(issuer, subject, cancellationToken),
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)options.Value.AccessTokenLifetime.TotalSeconds,
            ["scope"] = string.Join(' ', requested),
        });
    }

    /// <summary>RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge; only S256 is accepted.</summary>
    public static bool PkceMatches(string? challenge, string? verifier)
    {
        if (challenge is null)
        {
            return verifier is null;
        }

        // §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].
        if (verifier is null || verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
        {
            return false;
        }

        var computed = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
