namespace ContactCenter.Server.Outbox;

/// <summary>The texts of the outbox (<c>OutboxTexts.resx</c>, <c>OutboxTexts.de.resx</c>): why a message was not delivered.</summary>
public sealed class OutboxTexts;
