using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Notifications;

/// <summary>Telling people of the tenant something in the page header's bell, once per occasion.</summary>
public static class PersonNotifications
{
    public const string ForwardUnanswered = "forward-unanswered";
    public const string ForwardAnswered = "forward-answered";
    public const string ForwardAnswerHeld = "forward-answer-held";
    public const string SecondLevelAnswered = "second-level-answered";

    /// <summary>
    /// Adds a notification for <paramref name="personId"/> unless one with the same <paramref name="key"/> exists (or was
    /// added to <paramref name="db"/> already); saves nothing. True when one was added.
    /// </summary>
    public static async Task<bool> AddAsync(
        TenantDbContext db, Guid personId, string kind, string key, Guid? requestId, string? detail, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Notifications.Local.Any(n => n.PersonId == personId && n.Key == key)
            || await db.Notifications.AnyAsync(n => n.PersonId == personId && n.Key == key, cancellationToken))
        {
            return false;
        }

        db.Notifications.Add(new Notification
        {
            PersonId = personId, Kind = kind, Key = Cut(key, Notification.KeyMaxLength), RequestId = requestId,
            Detail = detail is null ? null : Cut(detail, Notification.DetailMaxLength), CreatedAt = now,
        });
        return true;
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
