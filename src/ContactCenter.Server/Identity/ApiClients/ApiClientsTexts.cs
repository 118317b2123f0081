namespace ContactCenter.Server.Identity.ApiClients;

/// <summary>Texts of a tenant's API clients, page and API (<c>ApiClientsTexts.resx</c>, <c>ApiClientsTexts.de.resx</c>).</summary>
public sealed class ApiClientsTexts;
