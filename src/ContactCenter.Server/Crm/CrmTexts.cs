namespace ContactCenter.Server.Crm;

/// <summary>The texts of contacts and companies (<c>CrmTexts.resx</c>, <c>CrmTexts.de.resx</c>).</summary>
public sealed class CrmTexts;
