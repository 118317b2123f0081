namespace ContactCenter.Server.Notifications;

/// <summary>The caller's notifications, newest first (at most <see cref="NotificationEndpoints.Shown"/>), and how many are unread.</summary>
public sealed record NotificationList(int Unread, IReadOnlyList<NotificationItem> Items);

/// <summary>
/// One notification: <c>kind</c> as stored (<c>forward-unanswered</c>, <c>forward-answered</c>, <c>forward-answer-held</c>,
/// <c>second-level-answered</c>, …), <c>text</c> in the caller's language, the request it is about, times in UTC.
/// </summary>
public sealed record NotificationItem(Guid Id, string Kind, string Text, Guid? RequestId, long? RequestNumber, DateTime CreatedAt, bool Read);

/// <summary>Marker class of the notification texts (<c>NotificationsTexts.resx</c>).</summary>
public sealed class NotificationsTexts;
