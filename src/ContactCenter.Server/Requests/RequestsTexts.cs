namespace ContactCenter.Server.Requests;

/// <summary>The texts of the request and quarantine pages and API (<c>RequestsTexts.resx</c>, <c>RequestsTexts.de.resx</c>).</summary>
public sealed class RequestsTexts;
