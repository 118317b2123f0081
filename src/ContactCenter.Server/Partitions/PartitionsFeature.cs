using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Partitions;

public sealed record PartitionInput(string? Name, string? Description, bool? Enabled);

public sealed record PartitionItem(Guid Id, string Name, string? Description, bool Enabled);

/// <summary>The tenant's partitions and how many it may have.</summary>
public sealed record PartitionList(IReadOnlyList<PartitionItem> Items, int Limit);

public sealed record PartitionCategories(IReadOnlyList<Guid>? CategoryIds);

public sealed record AssociatedCategory(Guid Id, string Name);

/// <summary>Client partitions (BPO clients): administrators add them up to the tenant's limit, associate categories, delete them.</summary>
public static class PartitionsFeature
{
    /// <summary>How many client partitions a tenant may have unless <c>Tenancy:PartitionLimit</c> says otherwise.</summary>
    public const int DefaultPartitionLimit = 10;

    public static IHostApplicationBuilder AddPartitions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PartitionDeletion>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPartitions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/partitions").WithTags("Client partitions").RequireTenant().RequireAuthorization(TenantRoles.Administrator);
        api.MapGet("/", async (TenantDbContext db, IConfiguration configuration, CancellationToken ct) => TypedResults.Ok(new PartitionList(
            await db.ClientPartitions.AsNoTracking().OrderBy(p => p.Name).Select(p => new PartitionItem(p.Id, p.Name, p.Description, p.Enabled)).ToListAsync(ct),
            PartitionLimit(configuration))));
        api.MapGet("/{id:guid}", async Task<Results<Ok<PartitionItem>, NotFound>> (Guid id, TenantDbContext db, CancellationToken ct) =>
            await db.ClientPartitions.AsNoTracking().Where(p => p.Id == id).Select(p => new PartitionItem(p.Id, p.Name, p.Description, p.Enabled)).SingleOrDefaultAsync(ct)
                is { } partition ? TypedResults.Ok(partition) : TypedResults.NotFound());
        api.MapPost("/", CreateAsync);
        api.MapPut("/{id:guid}", UpdateAsync);
        api.MapGet("/{id:guid}/categories", GetCategoriesAsync);
        api.MapPut("/{id:guid}/categories", SetCategoriesAsync);
        // Administrators only, and only those whose roles carry the permission (an administrator role may be stripped of it).
        api.MapDelete("/{id:guid}", DeleteAsync).RequirePermission(Permission.DeletePartitions);
        return app;
    }

    private static async Task<Results<Created<PartitionItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        PartitionInput input, TenantDbContext db, IConfiguration configuration, IStringLocalizer<PartitionsTexts> texts, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (name, description) = Read(input, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var limit = PartitionLimit(configuration);
        if (await db.ClientPartitions.CountAsync(cancellationToken) >= limit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: texts["LimitReachedTitle"],
                detail: texts["LimitReached", limit]);
        }

        if (await NameTakenAsync(db, name!, null, cancellationToken))
        {
            return NameConflict(texts, name!);
        }

        var partition = new ClientPartition { Name = name!, Description = description, Enabled = input.Enabled ?? true };
        db.ClientPartitions.Add(partition);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"partitions/{partition.Id}", new PartitionItem(partition.Id, partition.Name, partition.Description, partition.Enabled));
    }

    private static async Task<Results<Ok<PartitionItem>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, PartitionInput input, TenantDbContext db, IStringLocalizer<PartitionsTexts> texts, CancellationToken cancellationToken)
    {
        var partition = await db.ClientPartitions.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (partition is null)
        {
            return TypedResults.NotFound();
        }

        var errors = new FieldErrors();
        var (name, description) = Read(input, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (await NameTakenAsync(db, name!, id, cancellationToken))
        {
            return NameConflict(texts, name!);
        }

        (partition.Name, partition.Description, partition.Enabled) = (name!, description, input.Enabled ?? partition.Enabled);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PartitionItem(partition.Id, partition.Name, partition.Description, partition.Enabled));
    }

    private static async Task<Results<Ok<List<AssociatedCategory>>, NotFound>> GetCategoriesAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.ClientPartitions.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await AssociatedAsync(db, id, cancellationToken));
    }

    /// <summary>Replaces the partition's associated categories with exactly the given ones.</summary>
    private static async Task<Results<Ok<List<AssociatedCategory>>, NotFound, ValidationProblem>> SetCategoriesAsync(
        Guid id, PartitionCategories input, TenantDbContext db, IStringLocalizer<PartitionsTexts> texts, CancellationToken cancellationToken)
    {
        if (!await db.ClientPartitions.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var wanted = (input.CategoryIds ?? []).Distinct().ToList();
        var known = await db.Categories.Where(c => wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        var unknown = wanted.Except(known).ToList();
        if (input.CategoryIds is null || unknown.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["categoryIds"] = [input.CategoryIds is null ? texts["ListCategories"] : texts["NoSuchCategories", string.Join(", ", unknown)]],
            });
        }

        await ReplaceCategoriesAsync(db, id, wanted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await AssociatedAsync(db, id, cancellationToken));
    }

    /// <summary>Deletes the partition with everything belonging to it, only when <paramref name="confirm"/> is its exact name.</summary>
    private static async Task<Results<Ok<PartitionDeleted>, NotFound, ValidationProblem>> DeleteAsync(
        Guid id, string? confirm, TenantDbContext db, PartitionDeletion deletion, IStringLocalizer<PartitionsTexts> texts, CancellationToken cancellationToken)
    {
        var name = await db.ClientPartitions.Where(p => p.Id == id).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return TypedResults.NotFound();
        }

        if (!string.Equals(confirm, name, StringComparison.Ordinal))
        {
            var question = PartitionDeletion.Question(name);
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["confirm"] = [texts["ConfirmByName", question, name]] },
                detail: question, title: texts["ConfirmDeletionTitle"]);
        }

        return await deletion.DeleteAsync(id, cancellationToken) is { } deleted ? TypedResults.Ok(deleted) : TypedResults.NotFound();
    }

    /// <summary>Stages the changes that leave the partition associated with exactly <paramref name="wanted"/> (existing categories); the caller saves.</summary>
    internal static async Task ReplaceCategoriesAsync(TenantDbContext db, Guid id, IReadOnlyCollection<Guid> wanted, CancellationToken cancellationToken)
    {
        var current = await db.ClientPartitionCategories.Where(a => a.PartitionId == id).ToListAsync(cancellationToken);
        db.ClientPartitionCategories.RemoveRange(current.Where(a => !wanted.Contains(a.CategoryId)));
        db.ClientPartitionCategories.AddRange(wanted.Where(c => current.All(a => a.CategoryId != c)).Select(c => new ClientPartitionCategory { PartitionId = id, CategoryId = c }));
    }

    internal static Task<List<AssociatedCategory>> AssociatedAsync(TenantDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.ClientPartitionCategories.AsNoTracking().Where(a => a.PartitionId == id).OrderBy(a => a.Category!.Name)
            .Select(a => new AssociatedCategory(a.CategoryId, a.Category!.Name)).ToListAsync(cancellationToken);

    internal static (string? Name, string? Description) Read(PartitionInput input, FieldErrors errors) =>
        (errors.Text("name", input.Name, ClientPartition.NameMaxLength, required: true),
         errors.Text("description", input.Description, ClientPartition.DescriptionMaxLength));

    /// <summary>Names are unique regardless of case, so two clients cannot be told apart only by capitals.</summary>
    internal static Task<bool> NameTakenAsync(TenantDbContext db, string name, Guid? except, CancellationToken cancellationToken)
    {
        var lower = name.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(); the culture-taking overloads do not translate.
        return db.ClientPartitions.AnyAsync(p => p.Name.ToLower() == lower && p.Id != except, cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    private static ProblemHttpResult NameConflict(IStringLocalizer<PartitionsTexts> texts, string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: texts["NameTakenTitle"], detail: texts["NameTaken", name]);

    /// <summary>The configured partition limit per tenant.</summary>
    /// <exception cref="InvalidOperationException"><c>Tenancy:PartitionLimit</c> is negative or not a number.</exception>
    public static int PartitionLimit(IConfiguration configuration)
    {
        var text = configuration["Tenancy:PartitionLimit"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultPartitionLimit;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            ? limit
            : throw new InvalidOperationException($"Tenancy:PartitionLimit must be a whole number of 0 or more, not '{text}'.");
    }
}
