using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Messages;
using ContactCenter.Server.RequestRouting;
using ContactCenter.Server.TenantSettings;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace ContactCenter.Server.MailFetching;

/// <summary>Where a received message went: a request (new or joined), a duplicate, or quarantine with its reason.</summary>
public sealed record Placement(IngestOutcome Outcome, Guid? RequestId, Guid? MessageId, string? ReasonCode = null, string? Reason = null)
{
    public IngestResult Result => new(Outcome, RequestId, Reason, ReasonCode);

    public static Placement Quarantine(string code, string reason) => new(IngestOutcome.Quarantined, null, null, code, reason);
}

/// <summary>
/// Reads a received message and puts it where it belongs: into the request it answers (threading), or into a new
/// request in the category the routing plan picks, with its contact, partition and due time. Adds to the context only;
/// the caller saves everything in one transaction.
/// </summary>
public sealed class RequestFromMail(MailThreading threading, Forwarding.ExternalAnswers externalAnswers, Escalation.EscalatedReplies escalatedReplies)
{
    public const string UnparseableCode = "unparseable";
    public const string TooLargeCode = "too-large";
    public const string UnroutableCode = "unroutable";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly MimeLimits Limits = MimeLimits.Default;

    /// <summary>How long a database context's reading of the configuration serves (a fetch cycle's context lives for one cycle).</summary>
    private static readonly TimeSpan ConfigurationLifetime = TimeSpan.FromSeconds(5);

    private readonly ConditionalWeakTable<TenantDbContext, MailConfiguration> _configurations = new();

    private static readonly string[] AuthorHeaderFields = ["From", "To", "Cc", "Subject", "Date", "In-Reply-To", "References"];

    /// <summary>Places the message stored as <paramref name="rawMailId"/>, alone (a round of one).</summary>
    public async Task<Placement> PlaceAsync(
        TenantDbContext db, IngestRound round, byte[] raw, Guid rawMailId, Guid? accountId, string actor, Guid? accountPartitionId, DateTime now, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(db, raw, rawMailId, accountId, now, cancellationToken);
        return await PlaceAsync(db, round, read, actor, accountPartitionId, now, cancellationToken);
    }

    /// <summary>Reads the message stored as <paramref name="rawMailId"/>: the request message it would become, or why it goes to quarantine.</summary>
    public async Task<ReadMail> ReadAsync(TenantDbContext db, byte[] raw, Guid rawMailId, Guid? accountId, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(raw);
        var configuration = await ConfigurationAsync(db, now, cancellationToken);
        var limitMegabytes = configuration.Settings.MaxInboundMailMegabytes;
        if (raw.LongLength > limitMegabytes * 1024L * 1024L)
        {
            return new ReadMail(null, null, Placement.Quarantine(TooLargeCode, $"The message has {raw.LongLength:N0} bytes; the tenant accepts at most {limitMegabytes} MB."));
        }

        ReceivedMessage mail;
        try
        {
            mail = MessageReader.Read(raw, Limits, LimitHandling.Throw, cancellationToken);
        }
        catch (MimeLimitExceededException e)
        {
            return new ReadMail(null, null, Placement.Quarantine(UnparseableCode, e.Message));
        }
        catch (Exception e) when (e is FormatException or ParseException or InvalidOperationException or ArgumentException)
        {
            return new ReadMail(null, null, Placement.Quarantine(UnparseableCode, $"The message cannot be read: {e.Message}"));
        }

        return new ReadMail(mail, Message(mail, raw, rawMailId, accountId, now), null);
    }

    /// <summary>
    /// Looks up, in one query each, what placing the round's messages asks of the database: the earlier messages under
    /// their Message-IDs (duplicates) and the contacts of their senders. Placing asks again only for what this did not cover.
    /// </summary>
    public async Task LookUpAsync(TenantDbContext db, IngestRound round, IReadOnlyList<ReadMail> reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(reads);
        var hashes = reads.Select(r => r.Message?.MessageIdHash).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (hashes.Count > 0)
        {
            var known = await db.RequestMessages.AsNoTracking()
                .Where(m => m.MessageIdHash != null && hashes.Contains(m.MessageIdHash) && m.Direction == MessageDirection.In)
                .Select(m => new KnownMessage(m.Id, m.RequestId, m.MessageIdHash!, m.MessageId, m.ContentHash)).ToListAsync(cancellationToken);
            round.AddKnownMessages(hashes, known);
        }

        var addresses = reads.Select(r => r.Message?.FromAddress).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (addresses.Count > 0)
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), where culture does not apply; the addresses are lower case already
            var contacts = await db.Contacts.Where(c => c.Email != null && addresses.Contains(c.Email.ToLower())).OrderBy(c => c.Id).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
            round.AddKnownContacts(addresses, contacts);
        }
    }

    /// <summary>Puts a read message where it belongs; adds to the context only. A new request gets its number when the round is saved.</summary>
    public async Task<Placement> PlaceAsync(TenantDbContext db, IngestRound round, ReadMail read, string actor, Guid? accountPartitionId, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(read);
        if (read is not { Mail: { } mail, Message: { } message })
        {
            return read.Refused!;
        }

        var configuration = await ConfigurationAsync(db, now, cancellationToken);
        if (message.MessageIdHash is { } idHash && await DuplicateOfAsync(db, round, idHash, message.MessageId!, message.ContentHash!, cancellationToken) is { } original)
        {
            return new Placement(IngestOutcome.Duplicate, original.RequestId, original.Id);
        }

        var sender = message.FromAddress;
        var thread = await threading.FindAsync(db, round, mail, sender, cancellationToken);
        if (thread.Request is { Status: RequestStatus.Escalated } stub)
        {
            // The request moved to a partner tenant: the reply belongs with it there, not on the stub.
            return await escalatedReplies.PassOnAsync(db, stub, mail, message, actor, now, cancellationToken);
        }

        if (thread.Request is { } request)
        {
            if (await externalAnswers.PlaceAsync(db, round, request, message, actor, now, cancellationToken))
            {
                round.Placed(message);
                return new Placement(IngestOutcome.Joined, request.Id, message.Id);
            }

            Join(db, request, message, actor, now);
            round.Placed(message);
            return new Placement(IngestOutcome.Joined, request.Id, message.Id);
        }

        var recipients = mail.To.Concat(mail.Cc).Select(a => a.Address).ToList();
        var input = new RoutingInput(recipients, sender ?? string.Empty, mail.Subject ?? string.Empty, mail.TextBody ?? string.Empty, []);
        var decision = RoutingPlan.Route(configuration.Rules, configuration.DefaultCategoryId ?? Guid.Empty, input);
        if (decision.CategoryId == Guid.Empty)
        {
            return Placement.Quarantine(UnroutableCode, "No rule of the routing plan matches, and the tenant has no default category.");
        }

        var partitionId = configuration.PartitionOf(accountPartitionId, decision.CategoryId);
        var contact = sender is null ? null : await ContactAsync(db, round, sender, mail.From.Count > 0 ? mail.From[0].Name : null, partitionId, cancellationToken);
        var created = new Request
        {
            Token = Requests.RequestTokens.NewToken(),
            Subject = Cut(Clean(mail.Subject) ?? string.Empty, Request.SubjectMaxLength),
            CategoryId = decision.CategoryId,
            Priority = decision.Priority,
            ContactId = contact?.Id,
            ContactEmail = sender,
            PartitionId = partitionId,
            LinkedRequestId = thread.LinkedRequestId,
            CreatedAt = now,
            UpdatedAt = now,
            DueAt = configuration.DueAt(decision.CategoryId, now),
        };
        db.Requests.Add(created);
        round.Created(created);
        message.RequestId = created.Id;
        created.MessageCount = 1;
        db.RequestMessages.Add(message);
        round.Placed(message);
        History(db, created.Id, actor, now, "created");
        History(db, created.Id, actor, now, "message-in", "messageId", null, message.MessageId);
        if (thread.LinkedRequestId is { } linked)
        {
            History(db, created.Id, actor, now, "linked", "linkedRequestId", null, linked.ToString("D"));
        }

        return new Placement(IngestOutcome.Created, created.Id, message.Id);
    }

    /// <summary>
    /// The configuration placing reads (size limit, routing plan, partitions, service levels), read once for a database
    /// context and again after <see cref="ConfigurationLifetime"/>: a fetch round does not ask for it per message.
    /// </summary>
    private async Task<MailConfiguration> ConfigurationAsync(TenantDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (_configurations.TryGetValue(db, out var known) && now >= known.ReadAt && now - known.ReadAt < ConfigurationLifetime)
        {
            return known;
        }

        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var read = new MailConfiguration(
            settings,
            await db.RoutingRules.AsNoTracking().ToListAsync(cancellationToken),
            await db.Categories.AsNoTracking().Where(c => c.IsDefault).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken),
            [.. await db.ClientPartitions.AsNoTracking().Select(p => p.Id).ToListAsync(cancellationToken)],
            (await db.ClientPartitionCategories.AsNoTracking().Select(c => new { c.CategoryId, c.PartitionId }).ToListAsync(cancellationToken))
                .ToLookup(c => c.CategoryId, c => c.PartitionId),
            await db.CategoryProfiles.AsNoTracking().Where(p => p.ServiceLevelOverrideHours != null)
                .ToDictionaryAsync(p => p.Id, p => p.ServiceLevelOverrideHours!.Value, cancellationToken),
            TenantSettingsService.BusinessHoursOf(settings),
            now);
        _configurations.AddOrUpdate(db, read);
        return read;
    }

    /// <summary>Adds an entry to a request's history.</summary>
    public static void History(TenantDbContext db, Guid requestId, string actor, DateTime at, string change, string? field = null, string? oldValue = null, string? newValue = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.RequestHistory.Add(new RequestHistoryEntry
        {
            RequestId = requestId, At = at, Actor = Cut(actor, RequestHistoryEntry.ActorMaxLength), Change = change, Field = field,
            OldValue = oldValue is null ? null : Cut(oldValue, RequestHistoryEntry.ValueMaxLength),
            NewValue = newValue is null ? null : Cut(newValue, RequestHistoryEntry.ValueMaxLength),
        });
    }

    private static void Join(TenantDbContext db, Request request, RequestMessage message, string actor, DateTime now)
    {
        message.RequestId = request.Id;
        db.RequestMessages.Add(message);
        request.MessageCount++;
        request.UpdatedAt = now;
        History(db, request.Id, actor, now, "message-in", "messageId", null, message.MessageId);
        // A customer's reply wakes a closed or waiting request; an automatic one (an out-of-office, a bounce) is only recorded.
        if (request.Status != RequestStatus.Open && !message.IsAutomatic)
        {
            History(db, request.Id, actor, now, request.Status == RequestStatus.Closed ? "reopened" : "status", "status",
                Name(request.Status), Name(RequestStatus.Open));
            request.Status = RequestStatus.Open;
            request.ClosedAt = null;
        }
    }

    private static string Name(RequestStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>An inbound message under the same Message-ID with the same content: placed earlier in this round, or before.</summary>
    private static async Task<KnownMessage?> DuplicateOfAsync(TenantDbContext db, IngestRound round, string idHash, string messageId, string contentHash, CancellationToken cancellationToken)
    {
        if (round.KnownMessages(idHash) is null)
        {
            round.AddKnownMessages([idHash], await db.RequestMessages.AsNoTracking()
                .Where(m => m.MessageIdHash == idHash && m.Direction == MessageDirection.In)
                .Select(m => new KnownMessage(m.Id, m.RequestId, m.MessageIdHash!, m.MessageId, m.ContentHash)).ToListAsync(cancellationToken));
        }

        return round.KnownMessages(idHash)!.FirstOrDefault(m => m.ContentHash == contentHash && m.MessageId == messageId);
    }

    /// <summary>The contact with this address in the partition, or a new one named after the sender.</summary>
    private static async Task<Contact> ContactAsync(TenantDbContext db, IngestRound round, string address, string? name, Guid? partitionId, CancellationToken cancellationToken)
    {
        var lower = address.ToLowerInvariant();
        if (!round.ContactsKnown(lower))
        {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(), where culture does not apply
            var found = await db.Contacts.Where(c => c.Email != null && c.Email.ToLower() == lower).OrderBy(c => c.Id).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
            round.AddKnownContacts([lower], found);
        }

        if (round.Contact(lower, partitionId) is { } known)
        {
            return known;
        }

        var (first, last) = SplitName(Clean(name));
        var contact = new Contact { Email = Cut(address, Contact.EmailMaxLength), FirstName = first, LastName = last, PartitionId = partitionId };
        db.Contacts.Add(contact);
        round.AddContact(lower, contact);
        return contact;
    }

    private static (string? First, string? Last) SplitName(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return (null, null);
        }

        // "Last, First" as many address books write it; otherwise the last word is the family name.
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        var (first, last) = comma > 0
            ? (name[(comma + 1)..].Trim(), name[..comma].Trim())
            : name.LastIndexOf(' ') is var space and > 0 ? (name[..space].Trim(), name[(space + 1)..].Trim()) : (null, name);
        return (first is { Length: > 0 } ? Cut(first, Contact.NameMaxLength) : null, Cut(last, Contact.NameMaxLength));
    }

    private static RequestMessage Message(ReceivedMessage mail, byte[] raw, Guid rawMailId, Guid? accountId, DateTime now)
    {
        var messageId = mail.MessageId is { Length: > 0 } id ? Cut(Clean(id)!, RequestMessage.MessageIdMaxLength) : null;
        var from = mail.From.Count > 0 ? mail.From[0] : null;
        var message = new RequestMessage
        {
            Direction = MessageDirection.In,
            MessageId = messageId,
            MessageIdHash = messageId is null ? null : Hash(Encoding.UTF8.GetBytes(messageId)),
            ContentHash = Hash([.. Encoding.UTF8.GetBytes(AuthorsHeaders(mail.Mime, messageId)), .. Body(raw)]),
            InReplyTo = mail.InReplyTo is { } inReplyTo ? Cut(Clean(inReplyTo)!, RequestMessage.MessageIdMaxLength) : null,
            References = mail.References.Count == 0 ? null : Cut(Clean(string.Join(' ', mail.References))!, RequestMessage.ReferencesMaxLength),
            FromName = from?.Name is { Length: > 0 } name ? Cut(Clean(name)!, RequestMessage.NameMaxLength) : null,
            FromAddress = from?.Address is { Length: > 0 } address ? Cut(Clean(address)!.ToLowerInvariant(), RequestMessage.AddressMaxLength) : null,
            To = Addresses(mail.To),
            Cc = Addresses(mail.Cc),
            Subject = mail.Subject is null ? null : Cut(Clean(mail.Subject)!, Request.SubjectMaxLength),
            Date = mail.Date?.UtcDateTime,
            ReceivedAt = now,
            Headers = Clean(string.Join('\n', mail.Mime.Headers.Select(h => h.ToString()))),
            Text = Clean(mail.TextBody),
            Html = Clean(mail.HtmlBody),
            RawMailId = rawMailId,
            AccountId = accountId,
            IsAutomatic = AutomaticMail.Is(mail.Mime),
        };
        var position = 0;
        foreach (var attachment in mail.Attachments)
        {
            using var content = attachment.OpenRead();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            var bytes = copy.ToArray();
            message.Attachments.Add(new MessageAttachment
            {
                Position = position++,
                Name = attachment.FileName is { Length: > 0 } file ? Cut(Clean(file)!, MessageAttachment.NameMaxLength) : null,
                ContentType = Cut(attachment.ContentType, MessageAttachment.ContentTypeMaxLength),
                ContentId = attachment.ContentId is { Length: > 0 } cid ? Cut(Clean(cid)!, MessageAttachment.ContentIdMaxLength) : null,
                IsInline = attachment.IsInline,
                Size = bytes.LongLength,
                Sha256 = Hash(bytes),
                Content = bytes,
            });
        }

        return message;
    }

    /// <summary>
    /// The Message-ID and the headers the author wrote, which relays leave alone (unlike Received, Delivered-To or
    /// Return-Path): with the body, they tell a copy of one mail from another mail under a reused Message-ID, which
    /// may well have the same short body. Raw, so that one subject in two encodings is two mails; whitespace runs as
    /// one space, so that a relay folding a line anew changes nothing.
    /// </summary>
    private static string AuthorsHeaders(MimeMessage mime, string? messageId)
    {
        var text = new StringBuilder();
        foreach (var header in mime.Headers.Where(h => AuthorHeaderFields.Contains(h.Field, StringComparer.OrdinalIgnoreCase)))
        {
            text.Append(header.Field.ToUpperInvariant()).Append(": ")
                .AppendJoin(' ', Encoding.Latin1.GetString(header.RawValue).Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Append('\n');
        }

        return text.Append(messageId).Append('\n').ToString();
    }

    /// <summary>The bytes after the header block: what stays the same when servers add trace headers to a copy.</summary>
    private static ReadOnlySpan<byte> Body(byte[] raw)
    {
        var span = raw.AsSpan();
        var crlf = span.IndexOf("\r\n\r\n"u8);
        var lf = span.IndexOf("\n\n"u8);
        var end = (crlf, lf) switch
        {
            ( >= 0, >= 0) => Math.Min(crlf + 4, lf + 2),
            ( >= 0, _) => crlf + 4,
            (_, >= 0) => lf + 2,
            _ => raw.Length,
        };
        return span[end..];
    }

    private static string Addresses(IReadOnlyList<MailboxAddress> addresses)
    {
        var list = addresses.Select(a => new MailAddressJson(
            a.Name is { Length: > 0 } n ? Cut(Clean(n)!, RequestMessage.NameMaxLength) : null,
            Cut(Clean(a.Address)!.ToLowerInvariant(), RequestMessage.AddressMaxLength))).ToList();
        var json = JsonSerializer.Serialize(list, Json);
        // A list too long for its column keeps as many whole addresses as fit.
        while (json.Length > RequestMessage.AddressListMaxLength && list.Count > 0)
        {
            list.RemoveAt(list.Count - 1);
            json = JsonSerializer.Serialize(list, Json);
        }

        return json;
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>PostgreSQL refuses NUL in text; a sender's NUL is dropped (the raw bytes keep it).</summary>
    private static string? Clean(string? text) => text?.Replace("\0", string.Empty, StringComparison.Ordinal);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>What placing mail reads of a tenant's configuration.</summary>
internal sealed record MailConfiguration(
    Data.Tenant.TenantSettings Settings, List<RoutingRule> Rules, Guid? DefaultCategoryId, HashSet<Guid> PartitionIds, ILookup<Guid, Guid> PartitionsOfCategory,
    Dictionary<Guid, int> OverrideHours, BusinessHours BusinessHours, DateTime ReadAt)
{
    /// <summary>The account's partition, else the one partition the category belongs to, else none.</summary>
    public Guid? PartitionOf(Guid? accountPartitionId, Guid categoryId)
    {
        if (accountPartitionId is { } named && PartitionIds.Contains(named))
        {
            return named;
        }

        var partitions = PartitionsOfCategory[categoryId].Take(2).ToList();
        return partitions.Count == 1 ? partitions[0] : null;
    }

    /// <summary>When a request of the category received at <paramref name="now"/> is due: the category's goal, else the tenant's, in business hours.</summary>
    public DateTime? DueAt(Guid categoryId, DateTime now)
    {
        var goalHours = OverrideHours.TryGetValue(categoryId, out var hours) ? hours : Settings.ServiceLevelGoalHours;
        return goalHours > 0 ? ServiceLevels.ServiceLevelClock.DueAt(now, TimeSpan.FromHours(goalHours), BusinessHours) : null;
    }
}

/// <summary>One mailbox as the request API and the stored address lists show it.</summary>
public sealed record MailAddressJson(string? Name, string Address);
