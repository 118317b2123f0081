namespace ContactCenter.Server.Letters;

/// <summary>
/// The letter export form as the request page and the export page draw it (<c>_LetterForm</c>): the request's answers
/// with the chosen one, the recipient lines as typed, the problems by field (empty name: the request's own) and, after
/// storing, the file name.
/// </summary>
public sealed record LetterForm(
    Guid RequestId, IReadOnlyList<LetterAnswer> Answers, Guid? AnswerId, string Recipient, FormErrors Errors, string? StoredAs, string? TimeZone)
{
    /// <summary>The form of a proposal: the latest answer, the default recipient.</summary>
    public static LetterForm Of(Guid requestId, LetterProposal proposal, string? timeZone)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new(requestId, proposal.Answers, proposal.Answers.Count > 0 ? proposal.Answers[0].Id : null, string.Join('\n', proposal.Recipient), new FormErrors(), null, timeZone);
    }

    /// <summary>The recipient as typed, a line each.</summary>
    public static IReadOnlyList<string> Lines(string? recipient) =>
        (recipient ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n');
}
