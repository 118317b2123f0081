using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server;

/// <summary>
/// The one way a mask's create and update handlers store their entity: validate (which copies the input onto the
/// entity only when all of it is valid), and only then add it and save. The handlers answer from the errors returned.
/// </summary>
internal static class ValidatedSave
{
    /// <summary>Adds <paramref name="entity"/> and saves when <paramref name="apply"/> found no error.</summary>
    public static Task<FieldErrors> AddAsync<TEntity>(DbContext db, TEntity entity, Func<Task<FieldErrors>> apply, CancellationToken cancellationToken)
        where TEntity : class =>
        SaveAsync(db, apply, () => db.Add(entity), cancellationToken);

    /// <summary>Saves the changes <paramref name="apply"/> made when it found no error.</summary>
    public static Task<FieldErrors> SaveAsync(DbContext db, Func<Task<FieldErrors>> apply, CancellationToken cancellationToken) =>
        SaveAsync(db, apply, () => { }, cancellationToken);

    private static async Task<FieldErrors> SaveAsync(DbContext db, Func<Task<FieldErrors>> apply, Action beforeSave, CancellationToken cancellationToken)
    {
        var errors = await apply();
        if (!errors.Any)
        {
            beforeSave();
            await db.SaveChangesAsync(cancellationToken);
        }

        return errors;
    }
}
