namespace ContactCenter.Server.OrgTree;

public sealed record OrgTreeView(IReadOnlyList<SystemGroupNode> SystemGroups);

public sealed record SystemGroupNode(Guid Id, string Name, string? Description, IReadOnlyList<SupervisorGroupNode> SupervisorGroups);

public sealed record SupervisorGroupNode(Guid Id, string Name, string? Description, IReadOnlyList<AgentGroupNode> AgentGroups);

public sealed record AgentGroupNode(Guid Id, string Name, string? Description, IReadOnlyList<CategoryLeaf> Categories);

public sealed record CategoryLeaf(Guid Id, string Name, bool IsDefault);

/// <summary>A group to create or rename; <c>ParentId</c> is the system group of a supervisor group, the supervisor group of an agent group.</summary>
public sealed record GroupInput(string? Name, string? Description, Guid? ParentId);

/// <summary>A person's groups in the tenant.</summary>
public sealed record PersonGroups(IReadOnlyList<Guid>? AgentGroupIds, IReadOnlyList<Guid>? SupervisorGroupIds);

public sealed record Invitation(string? Email, IReadOnlyList<Guid>? AgentGroupIds, IReadOnlyList<Guid>? SupervisorGroupIds);

public sealed record PersonItem(Guid Id, string? Email, IReadOnlyList<Guid> AgentGroupIds, IReadOnlyList<Guid> SupervisorGroupIds, IReadOnlyList<string> Roles);

/// <summary>
/// What an invitation did. <paramref name="Pending"/>: the address has an account that does not work for the tenant yet,
/// so nothing is assigned until its owner accepts; <paramref name="Person"/> then carries the invitation's id and the
/// groups it offers, and no roles.
/// </summary>
public sealed record InvitationResult(PersonItem Person, bool AccountCreated, bool InvitationSent, bool Pending);
