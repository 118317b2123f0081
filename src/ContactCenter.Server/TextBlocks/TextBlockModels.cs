namespace ContactCenter.Server.TextBlocks;

public sealed record TextBlockInput(string? Name, string? Subject, string? Body, string? Channel, bool? Enabled, bool EditableByAgents);

public sealed record TextBlockItem(Guid Id, string Name, string? Subject, string Body, string Channel, bool Enabled, bool EditableByAgents);
