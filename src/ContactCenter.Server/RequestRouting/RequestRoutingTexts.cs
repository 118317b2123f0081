namespace ContactCenter.Server.RequestRouting;

/// <summary>Texts of the routing plan mask and API (<c>RequestRoutingTexts.resx</c>, <c>RequestRoutingTexts.de.resx</c>).</summary>
public sealed class RequestRoutingTexts;
