namespace ContactCenter.Data.Catalog;

/// <summary>
/// An RSA key the provider signs tokens with. Published (JWKS) from creation until <see cref="RetiresAt"/>,
/// used for signing from <see cref="ActiveFrom"/> until a newer key becomes active, so tokens signed with
/// it stay verifiable across a rotation.
/// </summary>
public sealed class SigningKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The JWK <c>kid</c>.</summary>
    public required string KeyId { get; set; }

    public string Algorithm { get; set; } = "RS256";

    /// <summary>The private key (PKCS#8), protected with ASP.NET Core Data Protection.</summary>
    public required string ProtectedKey { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public DateTime ActiveFrom { get; set; }

    /// <summary>After this the key is neither used nor published.</summary>
    public DateTime RetiresAt { get; set; }
}
