using System.Text;
using ContactCenter.Data.Catalog;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>The outcome of authenticating the client at the token or revocation endpoint.</summary>
public sealed record AuthenticatedClient(OidcClient? Client, string? Error, string? Description, bool UsedBasic)
{
    public static AuthenticatedClient Fail(string error, string description, bool usedBasic = false) => new(null, error, description, usedBasic);
}

/// <summary>
/// Client authentication, RFC 6749 §2.3: <c>client_secret_basic</c>, <c>client_secret_post</c>, or none for
/// public clients (which then must prove possession with PKCE). Only one method per request (§2.3).
/// </summary>
public sealed class ClientAuthentication(ClientStore clients)
{
    public async Task<AuthenticatedClient> AuthenticateAsync(HttpRequest request, IFormCollection form, CancellationToken cancellationToken)
    {
        string? clientId = null, secret = null;
        var usedBasic = false;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            usedBasic = true;
            if (!TryParseBasic(header["Basic ".Length..], out clientId, out secret))
            {
                return AuthenticatedClient.Fail("invalid_client", "The Basic credentials are malformed.", usedBasic);
            }

            if (form.ContainsKey("client_secret"))
            {
                return AuthenticatedClient.Fail("invalid_request", "Use one client authentication method, not two.", usedBasic);
            }

            if (form.TryGetValue("client_id", out var formId) && formId.ToString() != clientId)
            {
                return AuthenticatedClient.Fail("invalid_request", "client_id differs from the authenticated client.", usedBasic);
            }
        }
        else
        {
            clientId = Parameter(form, "client_id");
            secret = Parameter(form, "client_secret");
        }

        if (string.IsNullOrEmpty(clientId))
        {
            return AuthenticatedClient.Fail("invalid_client", "The client is not identified.", usedBasic);
        }

        var client = await clients.FindAsync(clientId, cancellationToken);
        if (client is null)
        {
            return AuthenticatedClient.Fail("invalid_client", "The client is not known.", usedBasic);
        }

        if (client.IsPublic)
        {
            return secret is null
                ? new AuthenticatedClient(client, null, null, usedBasic)
                : AuthenticatedClient.Fail("invalid_client", "A public client has no secret.", usedBasic);
        }

        return ClientSecrets.Verify(client.SecretHash, secret)
            ? new AuthenticatedClient(client, null, null, usedBasic)
            : AuthenticatedClient.Fail("invalid_client", "The client credentials are wrong.", usedBasic);
    }

    /// <summary>A form parameter given at most once (RFC 6749 §3.1: parameters must not be repeated).</summary>
    public static string? Parameter(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are put into the Basic header.
    private static bool TryParseBasic(string encoded, out string? clientId, out string? secret)
    {
        clientId = secret = null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            clientId = Uri.UnescapeDataString(text[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(text[(colon + 1)..].Replace('+', ' '));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
