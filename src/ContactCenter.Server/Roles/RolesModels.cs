namespace ContactCenter.Server.Roles;

/// <summary>A role with its permissions by name; <c>builtIn</c> names the catalog role of a built-in one.</summary>
public sealed record RoleView(Guid Id, string Name, string? Description, string? BuiltIn, IReadOnlyList<string> Permissions, IReadOnlyList<Guid> People);

/// <summary>Create or edit a role. Permissions by name (see <c>GET /api/roles/permissions</c>).</summary>
public sealed record RoleInput(string? Name, string? Description, IReadOnlyList<string>? Permissions);

/// <summary>One permission flag and what it allows.</summary>
public sealed record PermissionInfo(string Name, string Description);

/// <summary>The caller's roles in the tenant and the permissions they add up to.</summary>
public sealed record MyPermissions(IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions);
