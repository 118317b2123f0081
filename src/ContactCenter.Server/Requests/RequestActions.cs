using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.ServiceLevels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// What is done to a request besides answering it: assign, recategorise, change the priority, add a note, close and
/// reopen, each on a request of the caller's <see cref="RequestScope"/>. Each writes the request's history with who and
/// when; a change to the value it already has writes nothing.
/// Each answers 200 with the request as the list shows it, 404 for an unknown request, 400 with the field's problem.
/// </summary>
public static class RequestActions
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<RequestsTexts>();

    internal static RouteGroupBuilder MapRequestActions(this RouteGroupBuilder api)
    {
        api.MapPost("/{id:guid}/assign", (Guid id, AssignInput input, TenantDbContext db, RequestScope scope, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                AnswerAsync(AssignAsync(db, scope, clock, id, input.PersonId, TenantPermissions.PersonIdOf(http.User), ct)))
            .WithSummary("Assigns the request to a person of its category's groups (or to the caller); personId null gives it back.");
        api.MapPost("/{id:guid}/category", (Guid id, CategoryInput input, TenantDbContext db, RequestScope scope, TimeProvider clock, CancellationToken ct) =>
                AnswerAsync(CategoryAsync(db, scope, clock, id, input.CategoryId, ct)))
            .WithSummary("Moves the request to another category; its due time follows the new category's service level.");
        api.MapPost("/{id:guid}/priority", (Guid id, PriorityInput input, TenantDbContext db, RequestScope scope, TimeProvider clock, CancellationToken ct) =>
                AnswerAsync(PriorityAsync(db, scope, clock, id, input.Priority, ct)))
            .WithSummary("Sets the priority: low, normal, high or urgent.");
        api.MapPost("/{id:guid}/notes", (Guid id, NoteInput input, TenantDbContext db, RequestScope scope, TimeProvider clock, CancellationToken ct) =>
                AnswerAsync(NoteAsync(db, scope, clock, id, input.Text, ct)))
            .WithSummary("Adds an internal note, never sent to the customer.");
        api.MapPost("/{id:guid}/close", (Guid id, TenantDbContext db, RequestScope scope, TimeProvider clock, CancellationToken ct) =>
                AnswerAsync(StatusAsync(db, scope, clock, id, RequestStatus.Closed, ct)))
            .WithSummary("Closes the request.");
        api.MapPost("/{id:guid}/reopen", (Guid id, TenantDbContext db, RequestScope scope, TimeProvider clock, CancellationToken ct) =>
                AnswerAsync(StatusAsync(db, scope, clock, id, RequestStatus.Open, ct)))
            .WithSummary("Opens a closed or waiting request again.");
        return api;
    }

    /// <summary>Assigns the request to <paramref name="personId"/> (null: nobody), who must work in its category's groups unless it is the caller.</summary>
    public static async Task<ActionOutcome> AssignAsync(
        TenantDbContext db, RequestScope scope, TimeProvider clock, Guid id, Guid? personId, Guid? callerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        if (await scope.Apply(db.Requests).SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return ActionOutcome.NotFound;
        }

        if (personId is { } chosen && chosen != callerId && !await WorksInCategoryAsync(db, chosen, request.CategoryId, cancellationToken))
        {
            return ActionOutcome.Invalid("personId", Texts["PersonNotInGroups"]);
        }

        return await ChangeAsync(db, clock, request, "assigned", "assigneeId", Show(request.AssigneeId), Show(personId), () => request.AssigneeId = personId, cancellationToken);
    }

    /// <summary>Moves the request to the category; the due time follows the category's service level from the request's start.</summary>
    public static async Task<ActionOutcome> CategoryAsync(TenantDbContext db, RequestScope scope, TimeProvider clock, Guid id, Guid? categoryId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        if (await scope.Apply(db.Requests).SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return ActionOutcome.NotFound;
        }

        if (categoryId is not { } category)
        {
            return ActionOutcome.Invalid("categoryId", Texts["CategoryRequired"]);
        }

        if (!await db.Categories.AnyAsync(c => c.Id == category, cancellationToken))
        {
            return ActionOutcome.Invalid("categoryId", Texts["CategoryUnknown"]);
        }

        var due = await ServiceLevelClock.DueAtAsync(db, category, request.CreatedAt, cancellationToken);
        return await ChangeAsync(db, clock, request, "recategorised", "categoryId", Show(request.CategoryId), Show(category), () =>
        {
            request.CategoryId = category;
            request.DueAt = due;
        }, cancellationToken);
    }

    /// <summary>Sets the priority from its word.</summary>
    public static async Task<ActionOutcome> PriorityAsync(TenantDbContext db, RequestScope scope, TimeProvider clock, Guid id, string? priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        if (await scope.Apply(db.Requests).SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return ActionOutcome.NotFound;
        }

        if (RequestValues.ReadPriority(priority) is not { } wanted)
        {
            return ActionOutcome.Invalid("priority", Texts["PriorityUnknown"]);
        }

        return await ChangeAsync(db, clock, request, "priority", "priority", RequestValues.Priority(request.Priority), RequestValues.Priority(wanted),
            () => request.Priority = wanted, cancellationToken);
    }

    /// <summary>Adds an internal note by the context's actor.</summary>
    public static async Task<ActionOutcome> NoteAsync(TenantDbContext db, RequestScope scope, TimeProvider clock, Guid id, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(scope);
        if (await scope.Apply(db.Requests).SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return ActionOutcome.NotFound;
        }

        if (Escalated(request) is { } escalated)
        {
            return escalated;
        }

        var errors = new FieldErrors();
        var written = errors.Text("text", text, RequestNote.TextMaxLength, required: true);
        if (errors.Any || written is null)
        {
            return new ActionOutcome(null, errors.ToDictionary());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var author = db.Actor.Length <= RequestNote.AuthorMaxLength ? db.Actor : db.Actor[..RequestNote.AuthorMaxLength];
        var note = new RequestNote { RequestId = request.Id, At = now, Author = author, Text = written };
        db.RequestNotes.Add(note);
        RequestFromMail.History(db, request.Id, db.Actor, now, "note", "noteId", null, note.Id.ToString("D"));
        request.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new ActionOutcome(request, null);
    }

    /// <summary>Closes the request or opens it again.</summary>
    public static async Task<ActionOutcome> StatusAsync(TenantDbContext db, RequestScope scope, TimeProvider clock, Guid id, RequestStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(scope);
        if (await scope.Apply(db.Requests).SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } request)
        {
            return ActionOutcome.NotFound;
        }

        var change = status == RequestStatus.Closed ? "closed" : "reopened";
        return await ChangeAsync(db, clock, request, change, "status", RequestValues.Status(request.Status), RequestValues.Status(status), () =>
        {
            request.Status = status;
            request.ClosedAt = status == RequestStatus.Closed ? clock.GetUtcNow().UtcDateTime : null;
        }, cancellationToken);
    }

    private static async Task<Results<Ok<RequestListItem>, NotFound, ValidationProblem>> AnswerAsync(Task<ActionOutcome> action)
    {
        var outcome = await action;
        return outcome switch
        {
            { Errors: { } errors } => TypedResults.ValidationProblem(errors),
            { Request: { } request } => TypedResults.Ok(RequestsEndpoints.ToItem(request)),
            _ => TypedResults.NotFound(),
        };
    }

    /// <summary>Applies the change and writes it to the history, unless the value stays what it is.</summary>
    private static async Task<ActionOutcome> ChangeAsync(
        TenantDbContext db, TimeProvider clock, Request request, string change, string field, string? oldValue, string? newValue, Action apply,
        CancellationToken cancellationToken)
    {
        if (Escalated(request) is { } escalated)
        {
            return escalated;
        }

        if (oldValue != newValue)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            apply();
            request.UpdatedAt = now;
            RequestFromMail.History(db, request.Id, db.Actor, now, change, field, oldValue, newValue);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new ActionOutcome(request, null);
    }

    /// <summary>An escalated request is a read-only stub: the partner tenant works on it now.</summary>
    private static ActionOutcome? Escalated(Request request) =>
        request.Status == RequestStatus.Escalated ? ActionOutcome.Invalid("status", Texts["RequestEscalated"]) : null;

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
}

/// <summary>What a request action came to: the changed request, or the fields' problems, or neither (no such request).</summary>
public sealed record ActionOutcome(Request? Request, Dictionary<string, string[]>? Errors)
{
    public static ActionOutcome NotFound { get; } = new(null, null);

    public static ActionOutcome Invalid(string field, string message) =>
        new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}
