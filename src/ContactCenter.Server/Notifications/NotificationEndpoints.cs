using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Notifications;

/// <summary>
/// The bell: the signed-in person's notifications in the tenant (an integration has none), read in the caller's
/// language, marked read one by one or all at once. The page header's bell (wwwroot/js/bell.js) counts the unread ones
/// and counts again whenever the tenant's requests change (the requests' event stream).
/// </summary>
public static class NotificationEndpoints
{
    /// <summary>How many of the newest notifications the list holds.</summary>
    public const int Shown = 30;

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<NotificationsTexts>();

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("Notifications").RequireTenant().RequireAuthorization(TenantRoles.Member);
        api.MapGet("/", async (TenantDbContext db, HttpContext http, CancellationToken ct) => TypedResults.Ok(await ListAsync(db, http.User, ct)))
            .WithSummary("The caller's newest notifications with the number of unread ones.");
        api.MapPost("/{id:guid}/read", async Task<Results<NoContent, NotFound>> (Guid id, TenantDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                await MarkReadAsync(db, clock, http.User, id, ct) > 0 ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Marks one of the caller's notifications read.");
        api.MapPost("/read", async (TenantDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                await MarkReadAsync(db, clock, http.User, null, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Marks all of the caller's notifications read.");
        return app;
    }

    /// <summary>The caller's newest notifications in the caller's language; none for a caller who is not a person.</summary>
    public static async Task<NotificationList> ListAsync(TenantDbContext db, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (TenantPermissions.PersonIdOf(user) is not { } person)
        {
            return new NotificationList(0, []);
        }

        var unread = await db.Notifications.CountAsync(n => n.PersonId == person && n.ReadAt == null, cancellationToken);
        var rows = await db.Notifications.AsNoTracking().Where(n => n.PersonId == person).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Shown)
            .Select(n => new { n.Id, n.Kind, n.Detail, n.RequestId, n.CreatedAt, n.ReadAt }).ToListAsync(cancellationToken);
        var requestIds = rows.Select(r => r.RequestId).OfType<Guid>().Distinct().ToList();
        var numbers = await db.Requests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Number, cancellationToken);
        return new NotificationList(unread, rows.Select(r =>
        {
            long? number = r.RequestId is { } id && numbers.TryGetValue(id, out var n) ? n : null;
            return new NotificationItem(r.Id, r.Kind, Text(r.Kind, number, r.Detail), r.RequestId, number, RequestValues.Utc(r.CreatedAt), r.ReadAt is not null);
        }).ToList());
    }

    /// <summary>What a notification says, in the current language.</summary>
    public static string Text(string kind, long? number, string? detail) => Texts["Kind_" + kind, number ?? 0, detail ?? ""].Value;

    /// <summary>Marks the caller's notification <paramref name="id"/> read (all of them when null); how many of the caller's it found.</summary>
    internal static async Task<int> MarkReadAsync(TenantDbContext db, TimeProvider clock, System.Security.Claims.ClaimsPrincipal user, Guid? id, CancellationToken cancellationToken)
    {
        if (TenantPermissions.PersonIdOf(user) is not { } person)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var mine = db.Notifications.Where(n => n.PersonId == person && (id == null || n.Id == id));
        var marked = await mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, now), cancellationToken);
        return marked > 0 || id is null ? marked : await mine.CountAsync(cancellationToken);
    }
}
