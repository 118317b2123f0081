namespace ContactCenter.Server.Identity;

/// <summary>Texts of the sign-in pages, the tenant choice, the password-reset mail and the provider's pages (<c>IdentityTexts.resx</c>).</summary>
public sealed class IdentityTexts;
