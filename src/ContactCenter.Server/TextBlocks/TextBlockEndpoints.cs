using ContactCenter.Data.Tenant;
using ContactCenter.Server.Categories;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.TextBlocks;

/// <summary>
/// Text blocks and templates under <c>/api/text-blocks</c>: every member reads them (agents insert them); whoever holds
/// <see cref="Permission.EditTemplates"/> changes them (supervisors by default, and custom roles that grant it).
/// </summary>
public static class TextBlockEndpoints
{
    private static readonly IStringLocalizer T = Localization.Texts<TextBlocksTexts>();

    public static IEndpointRouteBuilder MapTextBlocks(this IEndpointRouteBuilder app)
    {
        var blocks = app.MapGroup("/api/text-blocks").WithMetadata(new MultiLineTextAttribute("body")).RequireTenant().WithTags("Text blocks");
        blocks.MapGet("/", async (TenantDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await db.TextBlocks.AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct)).Select(Item).ToList()))
            .RequireAuthorization(TenantRoles.Member);
        blocks.MapGet("/{id:guid}", async Task<Results<Ok<TextBlockItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
                await db.TextBlocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct) is { } block ? TypedResults.Ok(Item(block)) : TypedResults.NotFound())
            .RequireAuthorization(TenantRoles.Member);

        var change = blocks.MapGroup("/").RequirePermission(Permission.EditTemplates);
        change.MapPost("/", async (TextBlockInput input, TenantDbContext db, CancellationToken ct) => Answer(await SaveAsync(db, null, input, ct)));
        change.MapPut("/{id:guid}", async (Guid id, TextBlockInput input, TenantDbContext db, CancellationToken ct) => Answer(await SaveAsync(db, id, input, ct)));
        change.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await DeleteAsync(db, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound());
        return app;
    }

    /// <summary>Per-field errors of a text block: name, subject only for e-mail, body within the channel's limit, known placeholders.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public static Dictionary<string, string[]> Validate(TextBlockInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > TextBlock.NameMaxLength)
        {
            errors["name"] = [T["NameLength", TextBlock.NameMaxLength]];
        }

        if (!Enum.TryParse<TextBlockChannel>(input.Channel, ignoreCase: true, out var channel) || !Enum.IsDefined(channel) || int.TryParse(input.Channel, out _))
        {
            errors["channel"] = [T["ChannelUnknown"]];
            return errors;
        }

        if (channel == TextBlockChannel.Sms && !string.IsNullOrEmpty(input.Subject))
        {
            errors["subject"] = [T["SmsHasNoSubject"]];
        }
        else if (input.Subject is { Length: > TextBlock.SubjectMaxLength })
        {
            errors["subject"] = [T["SubjectTooLong", TextBlock.SubjectMaxLength]];
        }
        else if (Placeholders.Check(input.Subject) is { } subjectMessage)
        {
            errors["subject"] = [subjectMessage];
        }

        var limit = channel == TextBlockChannel.Sms ? TextBlock.SmsBodyMaxLength : TextBlock.BodyMaxLength;
        if (string.IsNullOrWhiteSpace(input.Body) || input.Body.Length > limit)
        {
            errors["body"] = [channel == TextBlockChannel.Sms
                ? T["SmsBodyLength", limit]
                : T["BodyLength", limit]];
        }
        else if (Placeholders.Check(input.Body) is { } bodyMessage)
        {
            errors["body"] = [bodyMessage];
        }

        return errors;
    }

    private static Results<Ok<TextBlockItem>, ValidationProblem, NotFound, ProblemHttpResult> Answer(EditOutcome<TextBlockItem> outcome) => outcome switch
    {
        { Item: { } item } => TypedResults.Ok(item),
        { Missing: true } => TypedResults.NotFound(),
        { Conflict: { } conflict } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: T["TextBlockExistsTitle"], detail: conflict),
        _ => TypedResults.ValidationProblem(outcome.Errors),
    };

    /// <summary>Creates (<paramref name="id"/> null) or replaces a text block after <see cref="Validate"/>; a taken name is a conflict.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="db"/> or <paramref name="input"/> is null.</exception>
    public static async Task<EditOutcome<TextBlockItem>> SaveAsync(TenantDbContext db, Guid? id, TextBlockInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        TextBlock? block = null;
        if (id is not null && (block = await db.TextBlocks.SingleOrDefaultAsync(b => b.Id == id, cancellationToken)) is null)
        {
            return EditOutcome.NotFound<TextBlockItem>();
        }

        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return EditOutcome.Invalid<TextBlockItem>(errors);
        }

        var name = input.Name!.Trim();
        if (await db.TextBlocks.AnyAsync(b => b.Name == name && b.Id != id, cancellationToken))
        {
            return EditOutcome.InConflict<TextBlockItem>(T["TextBlockExists", name]);
        }

        if (block is null)
        {
            block = new TextBlock { Name = name, Body = input.Body! };
            db.TextBlocks.Add(block);
        }

        block.Name = name;
        block.Channel = Enum.Parse<TextBlockChannel>(input.Channel!, ignoreCase: true);
        block.Subject = string.IsNullOrEmpty(input.Subject) ? null : input.Subject;
        block.Body = input.Body!;
        block.Enabled = input.Enabled ?? true;
        block.EditableByAgents = input.EditableByAgents;
        await db.SaveChangesAsync(cancellationToken);
        return EditOutcome.Done<TextBlockItem>(Item(block));
    }

    /// <summary>Deletes the text block and drops it from the categories offering it; false when there is none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="db"/> is null.</exception>
    public static async Task<bool> DeleteAsync(TenantDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var block = await db.TextBlocks.SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (block is null)
        {
            return false;
        }

        // Categories offering the block stop offering it, in the same transaction.
        var text = id.ToString();
        foreach (var profile in await db.CategoryProfiles.Where(p => p.TextBlockIds.Contains(text)).ToListAsync(cancellationToken))
        {
            profile.TextBlockIds = CategoryProfile.FormatIds(CategoryProfile.ParseIds(profile.TextBlockIds).Where(b => b != id));
        }

        db.TextBlocks.Remove(block);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public static TextBlockItem Item(TextBlock b) => new(b.Id, b.Name, b.Subject, b.Body, b.Channel.ToString(), b.Enabled, b.EditableByAgents);
}
