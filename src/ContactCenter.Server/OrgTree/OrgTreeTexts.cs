namespace ContactCenter.Server.OrgTree;

/// <summary>The texts of the org tree, the person's groups page and the invitation e-mail (<c>OrgTreeTexts.resx</c>, <c>OrgTreeTexts.de.resx</c>).</summary>
public sealed class OrgTreeTexts;
