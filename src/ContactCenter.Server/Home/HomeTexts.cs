namespace ContactCenter.Server.Home;

/// <summary>Texts of the landing page and a tenant's home page (<c>HomeTexts.resx</c>, <c>HomeTexts.de.resx</c>).</summary>
public sealed class HomeTexts;
