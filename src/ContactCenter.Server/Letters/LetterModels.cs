namespace ContactCenter.Server.Letters;

/// <summary>The texts of the letter export (<c>LettersTexts.resx</c>, <c>LettersTexts.de.resx</c>).</summary>
public sealed class LettersTexts;

/// <summary>
/// What a letter is made of: <see cref="AnswerId"/> the id of an outbound message to the customer (default: the
/// latest); <see cref="Recipient"/> the address lines (default: the contact's postal address, else their company's,
/// else name and e-mail address).
/// </summary>
public sealed record LetterInput(Guid? AnswerId = null, IReadOnlyList<string>? Recipient = null);

/// <summary>A letter written to the tenant's output directory: its file name there.</summary>
public sealed record LetterStored(string FileName);

/// <summary>
/// The requests of a batch, filtered as in the inbox: status (active by default; open, waiting, closed, all),
/// categoryId, q, partitionId, due (overdue, today), assignee (me, none or a person's id) or mine, folder (second-level).
/// </summary>
public sealed record LetterBatchInput(
    string? Status = null, string? CategoryId = null, string? Q = null, string? PartitionId = null, string? Due = null, string? Assignee = null,
    bool? Mine = null, string? Folder = null);

/// <summary>A batch just started: its id and where its progress is read.</summary>
public sealed record LetterBatchStarted(Guid Id, int Total);

/// <summary>A request the batch could not make a letter of, and why (<c>no-answer</c>, <c>request-gone</c>, <c>unrenderable</c>).</summary>
public sealed record LetterBatchFailureItem(Guid RequestId, long? Number, string Reason, string Message);

/// <summary>
/// How far a batch has got: state queued, running, finished or failed; total letters, done (in the zip), failed (not
/// exported, listed in failures); download: where the zip is fetched once finished.
/// </summary>
public sealed record LetterBatchProgressItem(
    Guid Id, string State, int Total, int Done, int Failed, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string? Error,
    IReadOnlyList<LetterBatchFailureItem> Failures, string? Download);
