namespace ContactCenter.Server;

/// <summary>
/// The nonce of the page's inline scripts: one random value per response, named in the response's
/// Content-Security-Policy (<c>script-src 'self' 'nonce-…'</c>), so an inline script runs only if the page wrote it.
/// </summary>
public static class ScriptNonce
{
    private static readonly object Key = new();

    /// <summary>This response's nonce; the same value however often it is asked for.</summary>
    public static string ScriptNonceOf(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[Key] is not string nonce)
        {
            nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            context.Items[Key] = nonce;
        }

        return nonce;
    }

    /// <summary>
    /// The policy of every page: our own resources only, inline scripts only with this response's nonce, no plugins,
    /// no base rewriting, no framing by others. Inline styles stay allowed (each page carries
    /// its small stylesheet); images also from <c>data:</c> (inline images of mail).
    /// </summary>
    public static string PolicyOf(HttpContext context) =>
        $"default-src 'self'; script-src 'self' 'nonce-{context.ScriptNonceOf()}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
}
