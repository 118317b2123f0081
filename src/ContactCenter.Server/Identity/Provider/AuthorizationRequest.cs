using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>The parameters of an authorization request (OpenID Connect Core §3.1.2.1); unknown ones are kept but ignored.</summary>
public sealed class AuthorizationRequest
{
    private readonly Dictionary<string, string> _parameters;

    private AuthorizationRequest(Dictionary<string, string> parameters) => _parameters = parameters;

    public string? ClientId => Get("client_id");

    public string? RedirectUri => Get("redirect_uri");

    public string? ResponseType => Get("response_type");

    public string ResponseMode => Get("response_mode") ?? "query";

    public string? State => Get("state");

    public string? Nonce => Get("nonce");

    public string[] Scopes => Split(Get("scope"));

    public string[] Prompt => Split(Get("prompt"));

    public string? CodeChallenge => Get("code_challenge");

    public string? CodeChallengeMethod => Get("code_challenge_method");

    public string? LoginHint => Get("login_hint");

    public string? IdTokenHint => Get("id_token_hint");

    public string? UiLocales => Get("ui_locales");

    /// <summary>Set by our consent page when the person declined.</summary>
    public bool ConsentDenied => Get("consent") == "denied";

    /// <summary>Whether a request object (by value or by reference, OpenID Connect Core §6) was sent.</summary>
    public bool HasRequestObject => Get("request") is not null;

    public bool HasRequestUri => Get("request_uri") is not null;

    /// <summary><c>acr_values=tenant:&lt;slug&gt;</c> pre-selects a tenant.</summary>
    public string? TenantHint => Split(Get("acr_values")).FirstOrDefault(v => v.StartsWith("tenant:", StringComparison.Ordinal))?["tenant:".Length..];

    /// <summary>max_age in seconds; null when absent, -1 when not a number.</summary>
    public int? MaxAge => Get("max_age") is { } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : -1
        : null;

    /// <summary>The names given more than once (RFC 6749 §3.1: not allowed).</summary>
    public IReadOnlyList<string> Repeated { get; private init; } = [];

    public static AuthorizationRequest From(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new List<string>();
        foreach (var (name, value) in values)
        {
            if (value.Count > 1)
            {
                repeated.Add(name);
            }

            // RFC 6749 §3.1: parameters sent without a value are treated as omitted.
            if (!string.IsNullOrEmpty(value[0]))
            {
                parameters[name] = value[0]!;
            }
        }

        return new AuthorizationRequest(parameters) { Repeated = repeated };
    }

    /// <summary>The same request as a local URL, with some parameters changed or removed (null), to come back to after an interaction.</summary>
    public string ToLocalUrl(PathString pathBase, IReadOnlyDictionary<string, string?>? changes = null)
    {
        var parameters = _parameters.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                parameters.Remove(name);
            }
            else
            {
                parameters[name] = value;
            }
        }

        return QueryHelpers.AddQueryString(pathBase + IdentityProviderFeature.AuthorizePath, parameters);
    }

    /// <summary>Prompt values without one of them, as a parameter value (null when none remain).</summary>
    public string? PromptWithout(string value) => Prompt.Where(p => p != value).ToArray() is { Length: > 0 } rest ? string.Join(' ', rest) : null;

    private string? Get(string name) => _parameters.GetValueOrDefault(name);

    private static string[] Split(string? value) => value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
