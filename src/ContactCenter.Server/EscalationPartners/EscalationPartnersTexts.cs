namespace ContactCenter.Server.EscalationPartners;

/// <summary>Texts of the escalation partner API (<c>EscalationPartnersTexts.resx</c>, <c>EscalationPartnersTexts.de.resx</c>).</summary>
public sealed class EscalationPartnersTexts;
