using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Classifications;

/// <summary>
/// Classifications under <c>/api/classifications</c>: supervisors read, administrators change. A classification's
/// categories are the same assignment the category mask edits (kept on the category), seen from the other side.
/// </summary>
public static class ClassificationEndpoints
{
    private static readonly IStringLocalizer T = Localization.Texts<ClassificationsTexts>();

    private static readonly Channels[] AllChannels = [Channels.Email, Channels.Letter, Channels.Phone, Channels.Sms];

    public static IEndpointRouteBuilder MapClassifications(this IEndpointRouteBuilder app)
    {
        var classifications = app.MapGroup("/api/classifications").RequireTenant().WithTags("Classifications");
        classifications.MapGet("/", ListAsync).RequireAuthorization(TenantRoles.Supervisor);

        var change = classifications.MapGroup("/").RequireAuthorization(TenantRoles.Administrator);
        change.MapPost("/", async (ClassificationInput input, TenantDbContext db, CancellationToken ct) => Answer(await SaveAsync(db, null, input, ct)));
        change.MapPut("/{id:guid}", async (Guid id, ClassificationInput input, TenantDbContext db, CancellationToken ct) => Answer(await SaveAsync(db, id, input, ct)));
        change.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound, ProblemHttpResult>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await DeleteAsync(db, id, ct) switch
            {
                { Missing: true } => TypedResults.NotFound(),
                { Conflict: { } conflict } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["ClassificationInUseTitle"], detail: conflict),
                _ => TypedResults.NoContent(),
            });
        return app;
    }

    private static Results<Ok<ClassificationItem>, ValidationProblem, NotFound, ProblemHttpResult> Answer(EditOutcome<ClassificationItem> outcome) => outcome switch
    {
        { Item: { } item } => TypedResults.Ok(item),
        { Missing: true } => TypedResults.NotFound(),
        { Conflict: { } conflict } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["ClassificationExistsTitle"], detail: conflict),
        _ => TypedResults.ValidationProblem(outcome.Errors),
    };

    private static async Task<Ok<List<ClassificationItem>>> ListAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ListItemsAsync(db, cancellationToken));

    /// <summary>Every classification by name, with the categories it is assigned to.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="db"/> is null.</exception>
    public static async Task<List<ClassificationItem>> ListItemsAsync(TenantDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var classifications = await db.Classifications.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var profiles = await db.CategoryProfiles.AsNoTracking().Where(p => p.ClassificationIds != "")
            .Select(p => new { p.Id, p.ClassificationIds }).ToListAsync(cancellationToken);
        return classifications.Select(c => Item(c,
            profiles.Where(p => CategoryProfile.ParseIds(p.ClassificationIds).Contains(c.Id)).Select(p => p.Id).ToList())).ToList();
    }

    /// <summary>
    /// Creates (<paramref name="id"/> null) or replaces a classification, assigning it to exactly the input's categories
    /// (none when the list is missing); a taken name is a conflict.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="db"/> or <paramref name="input"/> is null.</exception>
    public static async Task<EditOutcome<ClassificationItem>> SaveAsync(TenantDbContext db, Guid? id, ClassificationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        Classification? classification = null;
        if (id is not null && (classification = await db.Classifications.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)) is null)
        {
            return EditOutcome.NotFound<ClassificationItem>();
        }

        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > Classification.NameMaxLength)
        {
            errors["name"] = [T["NameLength", Classification.NameMaxLength]];
        }

        if (input.Description is { Length: > 2000 })
        {
            errors["description"] = [T["DescriptionTooLong", 2000]];
        }

        var channels = Channels.None;
        foreach (var text in input.Channels ?? [])
        {
            var match = AllChannels.Where(c => string.Equals(c.ToString(), text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0)
            {
                errors["channels"] = [T["ChannelUnknown", text, string.Join(", ", AllChannels)]];
                break;
            }

            channels |= match[0];
        }

        var categoryIds = (input.CategoryIds ?? []).Distinct().ToList();
        if (categoryIds.Count != await db.Categories.CountAsync(c => categoryIds.Contains(c.Id), cancellationToken))
        {
            errors["categoryIds"] = [T["CategoriesUnknown"]];
        }

        if (errors.Count > 0)
        {
            return EditOutcome.Invalid<ClassificationItem>(errors);
        }

        if (await db.Classifications.AnyAsync(c => c.Name == name && c.Id != id, cancellationToken))
        {
            return EditOutcome.InConflict<ClassificationItem>(T["ClassificationExists", name]);
        }

        if (classification is null)
        {
            classification = new Classification { Name = name };
            db.Classifications.Add(classification);
        }

        // Rules keep the name they route by in their value (for the audit trail and readers of the plan): it follows a rename.
        if (classification.Name != name)
        {
            foreach (var rule in await db.RoutingRules.Where(r => r.ClassificationId == classification.Id).ToListAsync(cancellationToken))
            {
                rule.Value = name;
            }
        }

        classification.Name = name;
        classification.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        classification.Channels = channels;
        await AssignAsync(db, classification.Id, categoryIds, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done<ClassificationItem>(Item(classification, categoryIds));
    }

    /// <summary>Makes exactly <paramref name="categoryIds"/> carry the classification.</summary>
    private static async Task AssignAsync(TenantDbContext db, Guid classificationId, IReadOnlyList<Guid> categoryIds, CancellationToken cancellationToken)
    {
        var profiles = await db.CategoryProfiles.ToListAsync(cancellationToken);
        foreach (var categoryId in categoryIds.Where(c => profiles.All(p => p.Id != c)))
        {
            var added = new CategoryProfile { Id = categoryId };
            db.CategoryProfiles.Add(added);
            profiles.Add(added);
        }

        foreach (var profile in profiles)
        {
            var ids = CategoryProfile.ParseIds(profile.ClassificationIds).Where(c => c != classificationId).ToList();
            if (categoryIds.Contains(profile.Id))
            {
                ids.Add(classificationId);
            }

            var formatted = CategoryProfile.FormatIds(ids);
            if (formatted != profile.ClassificationIds)
            {
                profile.ClassificationIds = formatted;
            }
        }
    }

    /// <summary>
    /// Deletes the classification and takes it off its categories, unless a routing rule routes by it: then nothing
    /// changes and the conflict names the rules (by position and target category).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="db"/> is null.</exception>
    public static async Task<EditOutcome<ClassificationItem>> DeleteAsync(TenantDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var classification = await db.Classifications.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (classification is null)
        {
            return EditOutcome.NotFound<ClassificationItem>();
        }

        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.ClassificationId == id).OrderBy(r => r.Position)
            .Select(r => new { r.Position, Category = r.Category!.Name }).ToListAsync(cancellationToken);
        if (rules.Count > 0)
        {
            return EditOutcome.InConflict<ClassificationItem>(
                T["ClassificationInUse", classification.Name, string.Join(", ", rules.Select(r => T["RuleToCategory", r.Position + 1, r.Category].Value))]);
        }

        var item = Item(classification, []);
        await AssignAsync(db, id, [], cancellationToken);
        db.Classifications.Remove(classification);
        await db.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done<ClassificationItem>(item);
    }

    public static ClassificationItem Item(Classification c, IReadOnlyList<Guid> categoryIds) => new(
        c.Id, c.Name, c.Description, AllChannels.Where(channel => c.Channels.HasFlag(channel)).Select(channel => channel.ToString()).ToList(), categoryIds);
}
