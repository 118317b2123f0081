namespace ContactCenter.Server.Forwarding;

/// <summary>Body of <c>POST /api/requests/{id}/forward</c>: the external contact, the text to them (HTML as the editor writes it), and an optional note kept on the request.</summary>
public sealed record ForwardInput(string? To, string? Body, string? Note);

/// <summary>Body of <c>POST /api/requests/{id}/second-level</c>: the external party asked, and the question (HTML as the editor writes it).</summary>
public sealed record SecondLevelInput(string? To, string? Body);

/// <summary>Marker class of the forwarding texts (<c>ForwardingTexts.resx</c>).</summary>
public sealed class ForwardingTexts;
