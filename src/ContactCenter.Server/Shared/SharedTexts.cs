namespace ContactCenter.Server;

/// <summary>Texts of the layout, the status pages, problem documents and the field checks every feature shares (<c>SharedTexts.resx</c>).</summary>
public sealed class SharedTexts;
