using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>What a token is issued for: a person in a tenant (or all their tenants), or a client on its own.</summary>
public sealed record TokenSubject(
    string ClientId,
    IReadOnlyCollection<string> Scopes,
    Person? Person,
    string? Tenant,
    Guid? Chain,
    DateTime? AuthenticatedAt = null,
    string? AuthenticationMethods = null,
    string? Nonce = null,
    string? ClientRole = null);

/// <summary>Creates our signed JWTs: RFC 9068 access tokens and OpenID Connect ID tokens (Core §2), RS256 with <c>kid</c>.</summary>
public sealed class TokenFactory(SigningKeyStore keys, IOptions<IdentityProviderOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<string> CreateAccessTokenAsync(string issuer, TokenSubject subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            [ProviderClaims.ClientId] = subject.ClientId,
            [ProviderClaims.Scope] = string.Join(' ', subject.Scopes),
            [ProviderClaims.Subject] = subject.Person?.Id.ToString() ?? subject.ClientId,
        };
        if (subject.Chain is { } chain)
        {
            claims[ProviderClaims.Chain] = chain.ToString("N");
        }

        AddPersonClaims(claims, subject);
        if (subject.Person is null && subject.ClientRole is { } role)
        {
            claims[ProviderClaims.Role] = role;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = options.Value.ApiAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.AccessTokenLifetime,
            Claims = claims,
            TokenType = ProviderClaims.AccessTokenType,
            SigningCredentials = await keys.GetSigningCredentialsAsync(cancellationToken),
        });
    }

    public async Task<string> CreateIdentityTokenAsync(string issuer, TokenSubject subject, string accessToken, CancellationToken cancellationToken)
    {
        var person = subject.Person ?? throw new ArgumentException("An ID token describes a person.", nameof(subject));
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [ProviderClaims.Subject] = person.Id.ToString(),
            ["azp"] = subject.ClientId,
            // OpenID Connect Core §3.3.2.11: left half of the SHA-256 of the access token.
            ["at_hash"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]),
        };
        if (subject.Nonce is not null)
        {
            claims[ProviderClaims.Nonce] = subject.Nonce;
        }

        AddPersonClaims(claims, subject);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = subject.ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.IdentityTokenLifetime,
            Claims = claims,
            SigningCredentials = await keys.GetSigningCredentialsAsync(cancellationToken),
        });
    }

    /// <summary>Claims about the person, for the scopes granted (OpenID Connect Core §5.4).</summary>
    public static void AddPersonClaims(IDictionary<string, object> claims, TokenSubject subject)
    {
        if (subject.Tenant == ProviderClaims.AllTenants)
        {
            claims[ProviderClaims.Tenants] = subject.Person?.Tenants.Select(t => t.Slug).ToArray() ?? [];
        }
        else if (subject.Tenant is not null)
        {
            claims[ProviderClaims.Tenant] = subject.Tenant;
        }

        var person = subject.Person;
        if (person is null)
        {
            return;
        }

        if (subject.AuthenticatedAt is { } authenticatedAt)
        {
            claims[ProviderClaims.AuthenticationTime] = new DateTimeOffset(authenticatedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        }

        if (subject.AuthenticationMethods is { Length: > 0 } methods)
        {
            claims[ProviderClaims.AuthenticationMethods] = methods.Split(' ');
        }

        if (subject.Scopes.Contains("profile"))
        {
            claims[ProviderClaims.Name] = person.Name;
        }

        if (subject.Scopes.Contains("email") && person.Email is not null)
        {
            claims[ProviderClaims.Email] = person.Email;
        }

        var roles = Roles(person, subject.Tenant);
        if (roles.Length > 0)
        {
            claims[ProviderClaims.Role] = roles;
        }
    }

    /// <summary>The person's roles in the chosen tenant (in all their tenants for <c>*</c>), plus platform operator.</summary>
    public static string[] Roles(Person person, string? tenant)
    {
        var roles = tenant == ProviderClaims.AllTenants
            ? person.Tenants.SelectMany(t => t.Roles)
            : person.Find(tenant ?? "")?.Roles ?? [];
        return (person.IsPlatformOperator ? roles.Append(ProviderClaims.PlatformOperatorRole) : roles).Distinct().Order().ToArray();
    }
}
