using System.Text.Json;
using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.Requests;

/// <summary>A request in a list: status and priority as lower-case words (<c>open</c>, <c>normal</c>), times in UTC.</summary>
public sealed record RequestListItem(
    Guid Id, long Number, string Subject, string Status, Guid? CategoryId, string Priority, string? ContactEmail, int MessageCount,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DueAt);

/// <summary>A request with its conversation, notes and history, each oldest first; <c>escalatedTo</c> only on an escalated stub.</summary>
public sealed record RequestDetail(
    Guid Id, long Number, string Subject, string Status, Guid? CategoryId, string Priority, string? ContactEmail, int MessageCount,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? DueAt, Guid? PartitionId, Guid? ContactId, Guid? LinkedRequestId, DateTime? ClosedAt,
    IReadOnlyList<MessageItem> Messages, IReadOnlyList<NoteItem> Notes, IReadOnlyList<HistoryItem> History, Guid? AssigneeId = null,
    SecondLevelItem? SecondLevel = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    EscalatedToItem? EscalatedTo = null);

/// <summary>The request waits for an external contact it was forwarded to (it is in the 2nd-level folder): since when, who, and when the agent is reminded.</summary>
public sealed record SecondLevelItem(DateTime Since, string? ForwardedTo, DateTime? ReminderAt);

/// <summary>Where an escalated request (status <c>escalated</c>, a read-only stub) went: the partner tenant and the request there.</summary>
public sealed record EscalatedToItem(Guid TenantId, string? TenantName, Guid RequestId, long? Number);

/// <summary>Body of <c>POST /api/requests/{id}/assign</c>: the person to work on it; null gives it back.</summary>
public sealed record AssignInput(Guid? PersonId);

/// <summary>Body of <c>POST /api/requests/{id}/category</c>.</summary>
public sealed record CategoryInput(Guid? CategoryId);

/// <summary>Body of <c>POST /api/requests/{id}/priority</c>: <c>low</c>, <c>normal</c>, <c>high</c> or <c>urgent</c>.</summary>
public sealed record PriorityInput(string? Priority);

/// <summary>Body of <c>POST /api/requests/{id}/notes</c>.</summary>
public sealed record NoteInput(string? Text);

/// <summary>A mailbox of a header: display name (may be null) and address.</summary>
public sealed record MailboxItem(string? Name, string? Address);

/// <summary>
/// One message of a request: <c>direction</c> <c>in</c> or <c>out</c>, <c>messageId</c> the RFC 5322 Message-ID, <c>date</c>
/// the Date header, <c>html</c> sanitised (<see cref="MailHtml"/>); <c>delivery</c> (<c>pending</c>, <c>sent</c>, <c>failed</c>)
/// only for outbound messages; <c>kind</c> <c>customer</c> for the conversation with the customer, else <c>forward</c>,
/// <c>forward-answer</c>, <c>second-level-query</c>, <c>second-level-answer</c> or <c>reminder</c>.
/// </summary>
public sealed record MessageItem(
    Guid Id, string Direction, string? MessageId, MailboxItem? From, IReadOnlyList<MailboxItem> To, IReadOnlyList<MailboxItem> Cc,
    string? Subject, DateTime? Date, DateTime ReceivedAt, string? Text, string? Html, IReadOnlyList<AttachmentItem> Attachments,
    bool Automatic, string? Delivery, string? DeliveryError, string Kind = "customer");

/// <summary>An attachment or inline part, without its content.</summary>
public sealed record AttachmentItem(Guid Id, string? Name, string ContentType, long Size, string Sha256);

public sealed record NoteItem(Guid Id, DateTime At, string Author, string Text);

public sealed record HistoryItem(DateTime At, string Actor, string Change, string? Field, string? OldValue, string? NewValue);

/// <summary>A quarantined message: why it could not become a request message, and its stored original's size and SHA-256.</summary>
public sealed record QuarantineItem(Guid Id, Guid? AccountId, DateTime ReceivedAt, string ReasonCode, string Reason, long Size, string Sha256);

/// <summary>A quarantined message that went into a request on retry: the request's id.</summary>
public sealed record QuarantineRetried(Guid Id);

/// <summary>How the request values travel in the API and the query string.</summary>
internal static class RequestValues
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<RequestsTexts>();

    /// <summary>A message's kind as the API writes it: <c>customer</c>, <c>forward</c>, <c>forward-answer</c>, <c>second-level-query</c>, <c>second-level-answer</c>, <c>reminder</c>.</summary>
    public static string Kind(MessageKind kind) => kind switch
    {
        MessageKind.Forward => "forward",
        MessageKind.ForwardAnswer => "forward-answer",
        MessageKind.SecondLevelQuery => "second-level-query",
        MessageKind.SecondLevelAnswer => "second-level-answer",
        MessageKind.Reminder => "reminder",
        _ => "customer",
    };

    public static string Status(RequestStatus status) => status switch
    {
        RequestStatus.Open => "open",
        RequestStatus.Waiting => "waiting",
        RequestStatus.Escalated => "escalated",
        _ => "closed",
    };

    /// <summary>A priority's word, in any case; null for anything else.</summary>
    public static RequestPriority? ReadPriority(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "LOW" => RequestPriority.Low,
        "NORMAL" => RequestPriority.Normal,
        "HIGH" => RequestPriority.High,
        "URGENT" => RequestPriority.Urgent,
        _ => null,
    };

    /// <summary>The status filter's words: the four statuses and <c>all</c> (null).</summary>
    public static bool TryReadStatusFilter(string? value, out RequestStatus? status)
    {
        status = value?.Trim().ToUpperInvariant() switch
        {
            null or "" or "OPEN" => RequestStatus.Open,
            "WAITING" => RequestStatus.Waiting,
            "CLOSED" => RequestStatus.Closed,
            "ESCALATED" => RequestStatus.Escalated,
            _ => null,
        };
        return status is not null || string.Equals(value?.Trim(), "all", StringComparison.OrdinalIgnoreCase);
    }

    public static string Priority(RequestPriority priority) => priority switch
    {
        RequestPriority.Low => "low",
        RequestPriority.High => "high",
        RequestPriority.Urgent => "urgent",
        _ => "normal",
    };

    public static string Direction(MessageDirection direction) => direction == MessageDirection.In ? "in" : "out";

    public static string? Delivery(DeliveryState? state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Sent => "sent",
        DeliveryState.Failed => "failed",
        _ => null,
    };

    /// <summary>A whole number from the query string; null when absent, null and an error when it is no number.</summary>
    public static int? Number(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(field, Texts["NotANumber"]);
        return null;
    }

    /// <summary>An id from the query string; null when absent, null and an error when it is no id.</summary>
    public static Guid? Id(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        errors.Add(field, Texts["NotAnId"]);
        return null;
    }

    /// <summary>Stored times are UTC; SQLite hands them back unmarked, so they are marked before they are written out.</summary>
    public static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);

    public static DateTime? Utc(DateTime? time) => time is { } value ? Utc(value) : null;

    /// <summary>The mailboxes of a stored <c>To</c> or <c>Cc</c> list (a JSON array of <c>{ "name", "address" }</c>); none when unreadable.</summary>
    public static IReadOnlyList<MailboxItem> Mailboxes(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<MailboxItem>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
