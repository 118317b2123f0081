using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactCenter.Data.Tenant;

/// <summary>Where a batch letter export stands.</summary>
public enum LetterBatchState
{
    /// <summary>Waiting for its job.</summary>
    Queued,

    Running,

    /// <summary>The zip is complete; requests that could not be exported are listed in <see cref="LetterBatch.Failures"/>.</summary>
    Finished,

    /// <summary>The job gave up (<see cref="LetterBatch.Error"/> says why); no zip.</summary>
    Failed,
}

/// <summary>
/// A batch export of letters: the requests an inbox filter matched when it was started, one letter each (its latest
/// answer) into a zip under the letter output root. The row is the durable state a job restarted after a crash
/// starts again from, and what the progress page reads.
/// </summary>
public sealed class LetterBatch
{
    public const int CreatorMaxLength = 200;
    public const int FilterMaxLength = 4000;
    public const int ErrorMaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime CreatedAt { get; set; }

    /// <summary>Who started it (the token's subject: a person's id or a client's id); only they see the batch.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>The name the template placeholder <c>{agent.name}</c> is filled with.</summary>
    public string? CreatorName { get; set; }

    /// <summary>The inbox filter as given (JSON), shown on the progress page.</summary>
    public string Filter { get; set; } = "{}";

    /// <summary>The ids of the matched requests, one per line, in export order.</summary>
    public string RequestIds { get; set; } = "";

    public LetterBatchState State { get; set; } = LetterBatchState.Queued;

    public int Total { get; set; }

    public int Done { get; set; }

    public int Failed { get; set; }

    /// <summary>The requests not exported, as a JSON array of <c>{ "requestId", "number", "reason" }</c>.</summary>
    public string Failures { get; set; } = "[]";

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public string? Error { get; set; }
}

internal sealed class LetterBatchConfiguration : IEntityTypeConfiguration<LetterBatch>
{
    public void Configure(EntityTypeBuilder<LetterBatch> batch)
    {
        batch.Property(b => b.Id).ValueGeneratedNever();
        batch.Property(b => b.CreatedBy).HasMaxLength(LetterBatch.CreatorMaxLength);
        batch.Property(b => b.CreatorName).HasMaxLength(LetterBatch.CreatorMaxLength);
        batch.Property(b => b.Filter).HasMaxLength(LetterBatch.FilterMaxLength);
        batch.Property(b => b.State).HasConversion<string>().HasMaxLength(20);
        batch.Property(b => b.Error).HasMaxLength(LetterBatch.ErrorMaxLength);
        batch.HasIndex(b => new { b.CreatedBy, b.CreatedAt });
    }
}
