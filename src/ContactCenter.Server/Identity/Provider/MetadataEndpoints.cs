using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>OpenID Connect Discovery 1.0 §3 / RFC 8414 metadata, and the JWKS (RFC 7517).</summary>
public static class MetadataEndpoints
{
    private static readonly string[] ResponseTypesSupported = ["code"];
    private static readonly string[] ResponseModesSupported = ["query", "form_post"];
    private static readonly string[] GrantTypesSupported = ["authorization_code", "refresh_token", "client_credentials"];
    private static readonly string[] SubjectTypesSupported = ["public"];
    private static readonly string[] IdTokenSigningAlgValuesSupported = [SecurityAlgorithms.RsaSha256];
    private static readonly string[] TokenEndpointAuthMethodsSupported = ["client_secret_basic", "client_secret_post", "none"];
    private static readonly string[] RevocationEndpointAuthMethodsSupported = ["client_secret_basic", "client_secret_post", "none"];
    private static readonly string[] CodeChallengeMethodsSupported = ["S256"];
    private static readonly string[] AcrValuesSupported = ["tenant:<slug>"];
    private static readonly string[] UiLocalesSupported = ["en", "de"];
    private static readonly string[] PromptValuesSupported = ["none", "login", "select_account"];
    private static readonly string[] ClaimsSupported = [ProviderClaims.Subject, ProviderClaims.Name, ProviderClaims.Email, ProviderClaims.Tenant, ProviderClaims.Tenants,
                ProviderClaims.Role, ProviderClaims.AuthenticationMethods, ProviderClaims.AuthenticationTime, "iss", "aud", "exp", "iat", "nonce"];

    public static IResult Discovery(HttpContext context)
    {
        var issuer = IdentityProviderFeature.IssuerFor(context);
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + IdentityProviderFeature.AuthorizePath,
            ["token_endpoint"] = issuer + "/connect/token",
            ["userinfo_endpoint"] = issuer + "/connect/userinfo",
            ["end_session_endpoint"] = issuer + "/connect/endsession",
            ["revocation_endpoint"] = issuer + "/connect/revocation",
            ["jwks_uri"] = issuer + "/.well-known/jwks",
            ["scopes_supported"] = IdentityProviderFeature.StandardScopes,
            ["response_types_supported"] = ResponseTypesSupported,
            ["response_modes_supported"] = ResponseModesSupported,
            ["grant_types_supported"] = GrantTypesSupported,
            ["subject_types_supported"] = SubjectTypesSupported,
            ["id_token_signing_alg_values_supported"] = IdTokenSigningAlgValuesSupported,
            ["token_endpoint_auth_methods_supported"] = TokenEndpointAuthMethodsSupported,
            ["revocation_endpoint_auth_methods_supported"] = RevocationEndpointAuthMethodsSupported,
            ["code_challenge_methods_supported"] = CodeChallengeMethodsSupported,
            ["claims_supported"] = ClaimsSupported,
            ["acr_values_supported"] = AcrValuesSupported,
            ["ui_locales_supported"] = UiLocalesSupported,
            ["prompt_values_supported"] = PromptValuesSupported,
            ["claims_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
            ["authorization_response_iss_parameter_supported"] = true,
        });
    }

    public static async Task<IResult> JsonWebKeySetAsync(SigningKeyStore keys, CancellationToken cancellationToken)
    {
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        return Results.Json(new
        {
            keys = published.Select(key =>
            {
                var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
                return new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
                };
            }),
        });
    }
}
