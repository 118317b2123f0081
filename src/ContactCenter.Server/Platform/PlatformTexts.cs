namespace ContactCenter.Server.Platform;

/// <summary>Problem texts of the operators' API (<c>PlatformTexts.resx</c>); the CLI stays English.</summary>
public sealed class PlatformTexts;
