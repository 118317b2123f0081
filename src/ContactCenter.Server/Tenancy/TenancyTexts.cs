namespace ContactCenter.Server.Tenancy;

/// <summary>Problem texts of tenant resolution (<c>TenancyTexts.resx</c>).</summary>
public sealed class TenancyTexts;
