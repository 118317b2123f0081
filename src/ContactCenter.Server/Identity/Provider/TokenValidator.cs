using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// Validates our own JWTs: issuer, audience, lifetime, RS256 signature by <c>kid</c> against the published
/// keys. <c>alg=none</c>, symmetric algorithms and unknown keys are never accepted.
/// </summary>
public sealed class TokenValidator(SigningKeyStore keys, IOptions<IdentityProviderOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>Validates an access token (RFC 9068, <c>typ</c> at+jwt) for our APIs; null when it is not valid.</summary>
    public async Task<ClaimsIdentity?> ValidateAccessTokenAsync(string issuer, string token, string authenticationType, CancellationToken cancellationToken)
    {
        var parameters = await ParametersAsync(issuer, cancellationToken);
        parameters.ValidAudience = options.Value.ApiAudience;
        parameters.ValidTypes = [ProviderClaims.AccessTokenType];
        parameters.AuthenticationType = authenticationType;
        var result = await Handler.ValidateTokenAsync(token, parameters);
        return result.IsValid ? result.ClaimsIdentity : null;
    }

    /// <summary>The subject of an ID token we issued, expired or not (for id_token_hint); null when it is not ours.</summary>
    public async Task<JsonWebToken?> ValidateIdentityTokenHintAsync(string issuer, string token, CancellationToken cancellationToken)
    {
        var parameters = await ParametersAsync(issuer, cancellationToken);
        parameters.ValidateAudience = false;
        parameters.ValidateLifetime = false;
        parameters.LifetimeValidator = null;
        var result = await Handler.ValidateTokenAsync(token, parameters);
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }

    private async Task<TokenValidationParameters> ParametersAsync(string issuer, CancellationToken cancellationToken)
    {
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        return new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            // Only a key named by kid; a token without kid or with an unknown one fails.
            IssuerSigningKeyResolver = (_, _, kid, _) => published.Where(k => k.KeyId == kid),
            ClockSkew = TimeSpan.FromSeconds(30),
            // Lifetime against our clock (the one tokens are issued with), with the same 30 s skew.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } end && end.AddSeconds(30) > now && (notBefore is not { } start || start.AddSeconds(-30) <= now);
            },
            NameClaimType = ProviderClaims.Name,
            RoleClaimType = ProviderClaims.Role,
        };
    }
}

/// <summary>Reads <c>id_token_hint</c>s.</summary>
public sealed class IdentityTokenHints(TokenValidator validator)
{
    public async Task<string?> SubjectOfAsync(string issuer, string idToken, CancellationToken cancellationToken) =>
        (await validator.ValidateIdentityTokenHintAsync(issuer, idToken, cancellationToken))?.Subject;

    public async Task<(string? Subject, string? ClientId)> ReadAsync(string issuer, string idToken, CancellationToken cancellationToken)
    {
        var token = await validator.ValidateIdentityTokenHintAsync(issuer, idToken, cancellationToken);
        return (token?.Subject, token?.Audiences.FirstOrDefault());
    }
}
