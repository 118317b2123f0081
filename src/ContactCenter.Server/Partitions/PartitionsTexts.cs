namespace ContactCenter.Server.Partitions;

/// <summary>The texts of client partitions (<c>PartitionsTexts.resx</c>, <c>PartitionsTexts.de.resx</c>).</summary>
public sealed class PartitionsTexts;
