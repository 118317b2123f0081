namespace ContactCenter.Server.Assets;

/// <summary>The texts of the assets page and API (<c>AssetsTexts.resx</c>, <c>AssetsTexts.de.resx</c>).</summary>
public sealed class AssetsTexts;
