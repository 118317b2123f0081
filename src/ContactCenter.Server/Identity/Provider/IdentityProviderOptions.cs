namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// Settings of our OpenID Connect provider (configuration section <c>Identity</c>). The issuer is the public origin
/// (<c>Hosting:PublicOrigin</c>, or its older name <c>Identity:Issuer</c>; see <see cref="PublicOrigin"/>).
/// </summary>
public sealed class IdentityProviderOptions
{
    public const string Section = "Identity";

    /// <summary>The audience of our access tokens: ContactCenter's own APIs.</summary>
    public string ApiAudience { get; set; } = "contactcenter-api";

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The sliding lifetime of one refresh token: each rotation gives the next one this long again.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Caps a whole rotation chain, counted from the authorization code it began with.</summary>
    public TimeSpan RefreshTokenAbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long one signing key signs before the next takes over.</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a key is published before it signs, and after it stopped signing (so issued tokens stay valid).</summary>
    public TimeSpan SigningKeyOverlap { get; set; } = TimeSpan.FromDays(2);
}
