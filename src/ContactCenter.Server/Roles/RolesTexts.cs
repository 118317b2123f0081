namespace ContactCenter.Server.Roles;

/// <summary>The texts of the roles page and API, including the permissions' descriptions (<c>RolesTexts.resx</c>, <c>RolesTexts.de.resx</c>).</summary>
public sealed class RolesTexts;
