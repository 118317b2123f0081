using System.Collections.Concurrent;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Requests;
using ContactCenter.Server.ServiceLevels;
using ContactCenter.Server.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Escalation;

/// <summary>Where a request moves: from the source tenant into the target tenant's category.</summary>
public sealed record MoveSides(TenantRecord SourceTenant, TenantDbContext Source, TenantRecord TargetTenant, TenantDbContext Target, Guid TargetCategoryId);

/// <summary>Told of each step of a move (tests stop a move between its two writes, as a dying process would).</summary>
public interface IEscalationObserver
{
    /// <summary>The copy is committed in the target; the source is not marked yet.</summary>
    void Copied(Guid sourceTenantId, Guid requestId);
}

/// <summary>
/// Moves one request into a partner tenant, exactly once however often it is started and wherever it stops: first the
/// copy is written to the target in one transaction — the request with its messages, attachments, raw mails, sent mail,
/// notes and history, numbered by the target's counter — under the key (source tenant, source request), which is
/// unique there; then the source is marked in one transaction: the request becomes a read-only stub
/// (<see cref="RequestStatus.Escalated"/>, naming the target and the copy) and its messages, notes and drafts go. A move
/// that died between the two finds the copy by its key and only marks the source. Both sides get a history entry.
/// </summary>
public sealed class RequestMove(RawMailStore store, TimeProvider clock, IEnumerable<IEscalationObserver> observers)
{
    /// <summary>Who the history names for what the escalation does.</summary>
    public const string Actor = "escalation";

    /// <summary>The source's history entry: where the request went (<c>tenant name #number</c>).</summary>
    public const string EscalatedChange = "escalated";

    /// <summary>The target's history entry: where the request came from (<c>tenant name #number</c>).</summary>
    public const string EscalatedInChange = "escalated-in";

    // Per process, not per instance: a test's own RequestMove and the job's take turns too.
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Turns = new();

    private sealed record Copy(Guid Id, long Number, DateTime UpdatedAt);

    /// <summary>Waits until no other run of this process escalates the tenant; disposing the result ends the turn.</summary>
    public async Task<IDisposable> TurnAsync(Guid sourceTenantId, CancellationToken cancellationToken)
    {
        var turn = Turns.GetOrAdd(sourceTenantId, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        return new Turn(turn);
    }

    /// <summary>Moves the request; false when it is no longer an open request of the source (or its answer is still in the outbox).</summary>
    /// <exception cref="DbUpdateException">A database refused a write: nothing of this step was saved, and the next run takes it up.</exception>
    public async Task<bool> MoveAsync(MoveSides sides, Guid requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sides);
        var source = sides.Source;
        source.ChangeTracker.Clear();
        sides.Target.ChangeTracker.Clear();
        var request = await source.Requests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is not { Status: RequestStatus.Open })
        {
            return false;
        }

        var copy = await FindCopyAsync(sides, requestId, cancellationToken);
        if (copy is not null && request.UpdatedAt > copy.UpdatedAt && await DiscardAsync(sides.Target, copy, cancellationToken))
        {
            // Written by a move that died, after which the request changed (a customer wrote): copied again below.
            copy = null;
        }

        if (copy is null)
        {
            var messageIds = source.RequestMessages.Where(m => m.RequestId == requestId).Select(m => m.Id);
            if (await source.Outbox.AnyAsync(o => o.State == DeliveryState.Pending && messageIds.Contains(o.RequestMessageId), cancellationToken))
            {
                // An answer still on its way out stays with the tenant that wrote it; the request goes in a later run.
                return false;
            }

            copy = await CopyAsync(sides, request, cancellationToken);
        }

        foreach (var observer in observers)
        {
            observer.Copied(sides.SourceTenant.Id, requestId);
        }

        if (await MarkAsync(sides, request, copy, cancellationToken))
        {
            return true;
        }

        // Changed between the copy and the mark (an agent was quicker): the copy goes, the request stays here for now.
        await DiscardAsync(sides.Target, copy, cancellationToken);
        return false;
    }

    private static Task<Copy?> FindCopyAsync(MoveSides sides, Guid requestId, CancellationToken cancellationToken) =>
        sides.Target.Requests.AsNoTracking()
            .Where(r => r.EscalatedFromTenantId == sides.SourceTenant.Id && r.EscalatedFromRequestId == requestId)
            .Select(r => new Copy(r.Id, r.Number, r.UpdatedAt)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Removes a copy nobody in the target has touched yet; false when somebody has (then it stays, and counts).</summary>
    private static async Task<bool> DiscardAsync(TenantDbContext target, Copy copy, CancellationToken cancellationToken)
    {
        using var writing = await TenantWriteGate.EnterAsync(target, cancellationToken);
        // Messages, attachments, sent mail, notes and history go with it (cascading foreign keys).
        return await target.Requests.Where(r => r.Id == copy.Id && r.UpdatedAt == copy.UpdatedAt).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    private async Task<Copy> CopyAsync(MoveSides sides, Request request, CancellationToken cancellationToken)
    {
        var (source, target) = (sides.Source, sides.Target);
        var messages = await source.RequestMessages.AsNoTracking().Include(m => m.Attachments).Where(m => m.RequestId == request.Id)
            .OrderBy(m => m.ReceivedAt).ToListAsync(cancellationToken);
        var messageIds = messages.Select(m => m.Id).ToList();
        var sent = await source.Outbox.AsNoTracking().Where(o => messageIds.Contains(o.RequestMessageId)).ToListAsync(cancellationToken);
        var notes = await source.RequestNotes.AsNoTracking().Where(n => n.RequestId == request.Id).ToListAsync(cancellationToken);
        var history = await source.RequestHistory.AsNoTracking().Where(h => h.RequestId == request.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        var copy = new Request
        {
            Token = RequestTokens.NewToken(),
            Subject = request.Subject,
            Status = RequestStatus.Open,
            CategoryId = sides.TargetCategoryId,
            Priority = request.Priority,
            ContactId = await ContactAsync(target, request.ContactEmail, cancellationToken),
            ContactEmail = request.ContactEmail,
            CreatedAt = request.CreatedAt,
            UpdatedAt = now,
            DueAt = await ServiceLevelClock.DueAtAsync(target, sides.TargetCategoryId, now, cancellationToken),
            MessageCount = messages.Count,
            EscalatedFromTenantId = sides.SourceTenant.Id,
            EscalatedFromRequestId = request.Id,
        };
        target.Requests.Add(copy);
        var rawMails = await CopyRawMailsAsync(sides, messages, cancellationToken);
        var messageMap = new Dictionary<Guid, Guid>();
        foreach (var message in messages)
        {
            var copied = CopyOf(message, copy.Id, message.RawMailId is { } raw ? rawMails[raw] : null);
            messageMap[message.Id] = copied.Id;
            target.RequestMessages.Add(copied);
        }

        target.Outbox.AddRange(sent.Select(o => new OutboxMessage
        {
            RequestMessageId = messageMap[o.RequestMessageId], MessageId = o.MessageId, Sender = o.Sender, Recipients = o.Recipients, Content = o.Content,
            State = o.State, Attempts = o.Attempts, CreatedAt = o.CreatedAt, NextAttemptAt = o.NextAttemptAt, SentAt = o.SentAt, LastError = o.LastError,
        }));
        target.RequestNotes.AddRange(notes.Select(n => new RequestNote { RequestId = copy.Id, At = n.At, Author = n.Author, Text = n.Text }));
        target.RequestHistory.AddRange(history.Select(h => new RequestHistoryEntry
        {
            RequestId = copy.Id, At = h.At, Actor = h.Actor, Change = h.Change, Field = h.Field, OldValue = h.OldValue, NewValue = h.NewValue,
        }));
        RequestFromMail.History(target, copy.Id, Actor, now, EscalatedInChange, "escalatedFrom", null, $"{sides.SourceTenant.Name} #{request.Number}");

        using var writing = await TenantWriteGate.EnterAsync(target, cancellationToken);
        // One transaction of our own; EF Core would otherwise set a savepoint inside it for SaveChanges.
        var savepoints = target.Database.AutoSavepointsEnabled;
        target.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await target.Database.BeginTransactionAsync(cancellationToken);
            copy.Number = await RequestNumbers.TakeAsync(target, 1, cancellationToken);
            await target.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            target.Database.AutoSavepointsEnabled = savepoints;
            target.ChangeTracker.Clear();
        }

        return new Copy(copy.Id, copy.Number, copy.UpdatedAt);
    }

    /// <summary>The messages' raw mails in the target: the same content there already, or a copy (database or file store).</summary>
    private async Task<Dictionary<Guid, Guid>> CopyRawMailsAsync(MoveSides sides, List<RequestMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.RawMailId).OfType<Guid>().Distinct().ToList();
        var raws = await sides.Source.RawMails.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var hashes = raws.Select(r => r.Sha256).ToList();
        var known = await sides.Target.RawMails.AsNoTracking().Where(r => hashes.Contains(r.Sha256))
            .ToDictionaryAsync(r => r.Sha256, r => r.Id, StringComparer.Ordinal, cancellationToken);
        var map = new Dictionary<Guid, Guid>();
        foreach (var raw in raws)
        {
            if (!known.TryGetValue(raw.Sha256, out var targetId))
            {
                var bytes = await store.ReadAsync(sides.SourceTenant.Id, raw, cancellationToken);
                var copied = new RawMail
                {
                    Sha256 = raw.Sha256, Size = raw.Size, StoredAt = raw.StoredAt,
                    Content = await store.PutAsync(sides.TargetTenant.Id, raw.Sha256, bytes, cancellationToken),
                };
                sides.Target.RawMails.Add(copied);
                known[raw.Sha256] = targetId = copied.Id;
            }

            map[raw.Id] = targetId;
        }

        return map;
    }

    /// <summary>A copy of the message (with its attachments) for the request <paramref name="requestId"/>; fresh ids, the same content.</summary>
    internal static RequestMessage CopyOf(RequestMessage message, Guid requestId, Guid? rawMailId)
    {
        var copy = new RequestMessage
        {
            RequestId = requestId, Direction = message.Direction, MessageId = message.MessageId, MessageIdHash = message.MessageIdHash,
            ContentHash = message.ContentHash, InReplyTo = message.InReplyTo, References = message.References, FromName = message.FromName,
            FromAddress = message.FromAddress, To = message.To, Cc = message.Cc, Subject = message.Subject, Date = message.Date,
            ReceivedAt = message.ReceivedAt, Headers = message.Headers, Text = message.Text, Html = message.Html, RawMailId = rawMailId,
            IsAutomatic = message.IsAutomatic, Delivery = message.Delivery, DeliveryError = message.DeliveryError,
        };
        copy.Attachments.AddRange(message.Attachments.Select(a => new MessageAttachment
        {
            MessageId = copy.Id, Position = a.Position, Name = a.Name, ContentType = a.ContentType, ContentId = a.ContentId, IsInline = a.IsInline,
            Size = a.Size, Sha256 = a.Sha256, Content = a.Content,
        }));
        return copy;
    }

    /// <summary>The target's contact with the address (the oldest); none when it has none (the copy keeps the address).</summary>
    private static async Task<Guid?> ContactAsync(TenantDbContext target, string? email, CancellationToken cancellationToken)
    {
        if (email is null)
        {
            return null;
        }

        var lower = email.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), where culture does not apply
        return await target.Contacts.Where(c => c.Email != null && c.Email.ToLower() == lower).OrderBy(c => c.Id).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>Turns the request into its stub, unless it changed since it was read; false then.</summary>
    private async Task<bool> MarkAsync(MoveSides sides, Request request, Copy copy, CancellationToken cancellationToken)
    {
        var source = sides.Source;
        var now = clock.GetUtcNow().UtcDateTime;
        var target = sides.TargetTenant;
        var targetName = target.Name.Length <= Request.EscalatedToTenantNameMaxLength ? target.Name : target.Name[..Request.EscalatedToTenantNameMaxLength];
        using var writing = await TenantWriteGate.EnterAsync(source, cancellationToken);
        var savepoints = source.Database.AutoSavepointsEnabled;
        source.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await source.Database.BeginTransactionAsync(cancellationToken);
            var marked = await source.Requests.Where(r => r.Id == request.Id && r.Status == RequestStatus.Open && r.UpdatedAt == request.UpdatedAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RequestStatus.Escalated)
                    .SetProperty(r => r.EscalatedToTenantId, target.Id)
                    .SetProperty(r => r.EscalatedToTenantName, targetName)
                    .SetProperty(r => r.EscalatedToRequestId, copy.Id)
                    .SetProperty(r => r.EscalatedToNumber, copy.Number)
                    .SetProperty(r => r.MessageCount, 0)
                    .SetProperty(r => r.AssigneeId, (Guid?)null)
                    .SetProperty(r => r.UpdatedAt, now), cancellationToken);
            if (marked == 0)
            {
                return false;
            }

            var messageIds = source.RequestMessages.Where(m => m.RequestId == request.Id).Select(m => m.Id);
            await source.MessageAttachments.Where(a => messageIds.Contains(a.MessageId)).ExecuteDeleteAsync(cancellationToken);
            await source.Outbox.Where(o => messageIds.Contains(o.RequestMessageId)).ExecuteDeleteAsync(cancellationToken);
            await source.RequestMessages.Where(m => m.RequestId == request.Id).ExecuteDeleteAsync(cancellationToken);
            await source.RequestNotes.Where(n => n.RequestId == request.Id).ExecuteDeleteAsync(cancellationToken);
            await source.ReplyDrafts.Where(d => d.RequestId == request.Id).ExecuteDeleteAsync(cancellationToken);
            RequestFromMail.History(source, request.Id, Actor, now, EscalatedChange, "escalatedTo", null, $"{targetName} #{copy.Number}");
            await source.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            source.Database.AutoSavepointsEnabled = savepoints;
            source.ChangeTracker.Clear();
        }
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
