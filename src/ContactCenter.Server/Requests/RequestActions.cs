using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.ServiceLevels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// What is done to a request besides answering it: assign, recategorise, change the priority, add a note, close and
/// reopen. Each writes the request's history with who and when; a change to the value it already has writes nothing.
/// Each answers 200 with the request as the list shows it, 404 for an unknown request, 400 with the field's problem.
/// </summary>
public static class RequestActions
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<RequestsTexts>();

    internal static RouteGroupBuilder MapRequestActions(this RouteGroupBuilder api)
    {
        api.MapPost("/{id:guid}/assign", AssignAsync)
            .WithSummary("Assigns the request to a person of its category's groups (or to the caller); personId null gives it back.");
        api.MapPost("/{id:guid}/category", CategoryAsync)
            .WithSummary("Moves the request to another category; its due time follows the new category's service level.");
        api.MapPost("/{id:guid}/priority", PriorityAsync).WithSummary("Sets the priority: low, normal, high or urgent.");
        api.MapPost("/{id:guid}/notes", NoteAsync).WithSummary("Adds an internal note, never sent to the customer.");
        api.MapPost("/{id:guid}/close", (Guid id, TenantDbContext db, TimeProvider clock, CancellationToken ct) => StatusAsync(db, clock, id, RequestStatus.Closed, ct))
            .WithSummary("Closes the request.");
        api.MapPost("/{id:guid}/reopen", (Guid id, TenantDbContext db, TimeProvider clock, CancellationToken ct) => StatusAsync(db, clock, id, RequestStatus.Open, ct))
            .WithSummary("Opens a closed or waiting request again.");
        return api;
    }

    internal static async Task<Results<Ok<RequestListItem>, NotFound, ValidationProblem>> AssignAsync(
        Guid id, AssignInput input, TenantDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return TypedResults.NotFound();
        }

        var person = input.PersonId;
        if (person is { } chosen && chosen != TenantPermissions.PersonIdOf(http.User) && !await WorksInCategoryAsync(db, chosen, request.CategoryId, cancellationToken))
        {
            return Invalid("personId", Texts["PersonNotInGroups"]);
        }

        return await ChangeAsync(db, clock, request, "assigned", "assigneeId", Show(request.AssigneeId), Show(person), () => request.AssigneeId = person, cancellationToken);
    }

    internal static async Task<Results<Ok<RequestListItem>, NotFound, ValidationProblem>> CategoryAsync(
        Guid id, CategoryInput input, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return TypedResults.NotFound();
        }

        if (input.CategoryId is not { } category)
        {
            return Invalid("categoryId", Texts["CategoryRequired"]);
        }

        if (!await db.Categories.AnyAsync(c => c.Id == category, cancellationToken))
        {
            return Invalid("categoryId", Texts["CategoryUnknown"]);
        }

        var due = await ServiceLevelClock.DueAtAsync(db, category, request.CreatedAt, cancellationToken);
        return await ChangeAsync(db, clock, request, "recategorised", "categoryId", Show(request.CategoryId), Show(category), () =>
        {
            request.CategoryId = category;
            request.DueAt = due;
        }, cancellationToken);
    }

    internal static async Task<Results<Ok<RequestListItem>, NotFound, ValidationProblem>> PriorityAsync(
        Guid id, PriorityInput input, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return TypedResults.NotFound();
        }

        if (RequestValues.ReadPriority(input.Priority) is not { } priority)
        {
            return Invalid("priority", Texts["PriorityUnknown"]);
        }

        return await ChangeAsync(db, clock, request, "priority", "priority", RequestValues.Priority(request.Priority), RequestValues.Priority(priority),
            () => request.Priority = priority, cancellationToken);
    }

    internal static async Task<Results<Ok<RequestListItem>, NotFound, ValidationProblem>> NoteAsync(
        Guid id, NoteInput input, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return TypedResults.NotFound();
        }

        var errors = new FieldErrors();
        var text = errors.Text("text", input.Text, RequestNote.TextMaxLength, required: true);
        if (errors.Any || text is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var author = db.Actor.Length <= RequestNote.AuthorMaxLength ? db.Actor : db.Actor[..RequestNote.AuthorMaxLength];
        var note = new RequestNote { RequestId = request.Id, At = now, Author = author, Text = text };
        db.RequestNotes.Add(note);
        RequestFromMail.History(db, request.Id, db.Actor, now, "note", "noteId", null, note.Id.ToString("D"));
        request.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(RequestsEndpoints.ToItem(request));
    }

    private static async Task<Results<Ok<RequestListItem>, NotFound, ValidationProblem>> StatusAsync(
        TenantDbContext db, TimeProvider clock, Guid id, RequestStatus status, CancellationToken cancellationToken)
    {
        if (await db.Requests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return TypedResults.NotFound();
        }

        var change = status == RequestStatus.Closed ? "closed" : "reopened";
        return await ChangeAsync(db, clock, request, change, "status", RequestValues.Status(request.Status), RequestValues.Status(status), () =>
        {
            request.Status = status;
            request.ClosedAt = status == RequestStatus.Closed ? clock.GetUtcNow().UtcDateTime : null;
        }, cancellationToken);
    }

    /// <summary>Applies the change and writes it to the history, unless the value stays what it is.</summary>
    private static async Task<Results<Ok<RequestListItem>, NotFound, ValidationProblem>> ChangeAsync(
        TenantDbContext db, TimeProvider clock, Request request, string change, string field, string? oldValue, string? newValue, Action apply,
        CancellationToken cancellationToken)
    {
        if (oldValue != newValue)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            apply();
            request.UpdatedAt = now;
            RequestFromMail.History(db, request.Id, db.Actor, now, change, field, oldValue, newValue);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(RequestsEndpoints.ToItem(request));
    }

    /// <summary>Whether the person is in the agent group of the category or in its supervisor group; without a category, in any group.</summary>
    private static async Task<bool> WorksInCategoryAsync(TenantDbContext db, Guid personId, Guid? categoryId, CancellationToken cancellationToken)
    {
        var assignments = db.GroupAssignments.Where(a => a.PersonId == personId);
        if (categoryId is not { } id)
        {
            return await assignments.AnyAsync(cancellationToken);
        }

        var group = await db.Categories.Where(c => c.Id == id).Select(c => new { c.AgentGroupId, c.AgentGroup!.SupervisorGroupId }).SingleOrDefaultAsync(cancellationToken);
        return group is not null
            && await assignments.AnyAsync(a => a.AgentGroupId == group.AgentGroupId || a.SupervisorGroupId == group.SupervisorGroupId, cancellationToken);
    }

    private static string? Show(Guid? id) => id?.ToString("D");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}
