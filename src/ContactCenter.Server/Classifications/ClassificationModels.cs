namespace ContactCenter.Server.Classifications;

public sealed record ClassificationInput(string? Name, string? Description, IReadOnlyList<string>? Channels, IReadOnlyList<Guid>? CategoryIds);

public sealed record ClassificationItem(Guid Id, string Name, string? Description, IReadOnlyList<string> Channels, IReadOnlyList<Guid> CategoryIds);
