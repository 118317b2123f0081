namespace ContactCenter.Server.Classifications;

/// <summary>Texts of the classification mask and API (<c>ClassificationsTexts.resx</c>, <c>ClassificationsTexts.de.resx</c>).</summary>
public sealed class ClassificationsTexts;
