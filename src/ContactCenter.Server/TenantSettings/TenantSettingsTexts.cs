namespace ContactCenter.Server.TenantSettings;

/// <summary>The texts of the tenant settings mask and its API (<c>TenantSettingsTexts.resx</c>, <c>TenantSettingsTexts.de.resx</c>).</summary>
public sealed class TenantSettingsTexts;
