using System.IO.Compression;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Letters;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.TenantSettings;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Letters;

/// <summary>
/// Renders one batch: a letter of each request's latest answer into a zip under the tenant's letter folder. Requests
/// without an answer (or gone, or whose letter cannot be laid out) are recorded in the batch and the batch goes on.
/// <para>
/// The batch row is the state: the job resets its counters and writes the zip anew from its first request whenever it
/// runs, so a run cut short (a server stopped or killed mid-batch, which Hangfire runs again) ends with the same zip as
/// an uninterrupted one. The zip is written under a temporary name and renamed into place when complete, so a
/// download never sees a partial one. Letters are rendered one at a time into one reused buffer, so memory does not
/// grow with the batch.
/// </para>
/// </summary>
// A failure is recorded on the batch (state failed); running it again on its own would only repeat it.
[AutomaticRetry(Attempts = 0)]
public sealed partial class LetterBatchJob(TenantJobs tenantJobs, TenantSettingsValidator paths, TimeProvider clock, ILogger<LetterBatchJob> logger)
{
    public const string Actor = "job:letters";

    /// <summary>How many letters pass between two progress updates of the batch row.</summary>
    public const int ProgressEvery = 20;

    public Task RunAsync(Guid tenantId, Guid batchId, CancellationToken cancellationToken) =>
        tenantJobs.RunAsync(tenantId, Actor, async (db, ct) =>
        {
            await ExportAsync(db, tenantId, batchId, ct);
            return true;
        }, cancellationToken);

    /// <summary>Renders the batch into its zip and records the outcome on the batch row.</summary>
    public async Task ExportAsync(TenantDbContext db, Guid tenantId, Guid batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var batch = await db.LetterBatches.SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null or { State: LetterBatchState.Finished or LetterBatchState.Failed })
        {
            return;
        }

        (batch.State, batch.StartedAt, batch.Done, batch.Failed, batch.Failures, batch.Error) = (LetterBatchState.Running, Now, 0, 0, "[]", null);
        await db.SaveChangesAsync(cancellationToken);
        var path = LetterBatches.ZipPathOf(paths, tenantId, batchId);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{batchId:N}.{Guid.NewGuid():N}.tmp");
        var failures = new List<StoredFailure>();
        try
        {
            await WriteZipAsync(db, batch, temporary, failures, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            (batch.State, batch.FinishedAt) = (LetterBatchState.Finished, Now);
            LogFinished(batchId, batch.Done, batch.Failed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (batch.State, batch.FinishedAt, batch.Error) = (LetterBatchState.Failed, Now, e.Message.Length <= LetterBatch.ErrorMaxLength ? e.Message : e.Message[..LetterBatch.ErrorMaxLength]);
            LogFailed(e, batchId);
        }
        finally
        {
            File.Delete(temporary);
        }

        batch.Failures = JsonSerializer.Serialize(failures, JsonSerializerOptions.Web);
        // Recorded even when the server is stopping: the zip is complete, or the failure known.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task WriteZipAsync(TenantDbContext db, LetterBatch batch, string temporary, List<StoredFailure> failures, CancellationToken cancellationToken)
    {
        var composer = new LetterComposer(db, paths, clock);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ids = batch.RequestIds.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
        await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var pdf = new MemoryStream();
            for (var i = 0; i < ids.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = await db.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == ids[i], cancellationToken);
                var failure = request is null ? new StoredFailure(ids[i], null, LetterOutcome.RequestGone, null) : null;
                if (request is not null)
                {
                    var outcome = await composer.ComposeAsync(request, null, null, batch.CreatorName, cancellationToken);
                    failure = outcome.Letter is { } letter
                        ? await AddAsync(zip, pdf, letter, names, cancellationToken)
                        : new StoredFailure(request.Id, request.Number, outcome.Reason ?? LetterOutcome.NoAnswer, outcome.Problem?.Detail);
                    failure = failure is null ? null : failure with { RequestId = request.Id, Number = request.Number };
                }

                if (failure is null)
                {
                    batch.Done++;
                }
                else
                {
                    failures.Add(failure);
                    batch.Failed++;
                }

                if ((i + 1) % ProgressEvery == 0 && i + 1 < ids.Count)
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
        }

        await file.FlushAsync(cancellationToken);
        // On disk before the rename, so a power cut cannot leave an empty zip under the final name.
        file.Flush(flushToDisk: true);
    }

    /// <summary>Renders the letter and adds it to the zip; the failure when it cannot be laid out.</summary>
    private static async Task<StoredFailure?> AddAsync(ZipArchive zip, MemoryStream pdf, ComposedLetter letter, HashSet<string> names, CancellationToken cancellationToken)
    {
        pdf.SetLength(0);
        try
        {
            letter.Renderer.Render(letter.Letter, pdf);
        }
        catch (LetterException bad)
        {
            return new StoredFailure(Guid.Empty, null, LetterOutcome.Unrenderable, bad.Message);
        }

        var name = letter.FileName;
        for (var n = 2; !names.Add(name); n++)
        {
            name = $"{letter.FileName[..^4]} ({n}).pdf";
        }

        // PDF content streams are compressed already; deflating them again costs time for little.
        using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        pdf.Position = 0;
        await pdf.CopyToAsync(entry, cancellationToken);
        return null;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Letter batch {BatchId} finished: {Done} letters, {Failed} not exported")]
    private partial void LogFinished(Guid batchId, int done, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Letter batch {BatchId} failed")]
    private partial void LogFailed(Exception exception, Guid batchId);
}
