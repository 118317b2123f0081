namespace ContactCenter.Server.TextBlocks;

/// <summary>Texts of the text block mask and API (<c>TextBlocksTexts.resx</c>, <c>TextBlocksTexts.de.resx</c>).</summary>
public sealed class TextBlocksTexts;
