namespace ContactCenter.Server.Observability;

/// <summary>The texts of health and metrics (<c>ObservabilityTexts.resx</c>, <c>ObservabilityTexts.de.resx</c>).</summary>
public sealed class ObservabilityTexts;
